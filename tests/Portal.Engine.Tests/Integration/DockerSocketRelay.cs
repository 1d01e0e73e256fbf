using System.Net.Sockets;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// A stand-in for the engine's socket: a Unix socket of the test's own that forwards every connection to the real
/// <c>/var/run/docker.sock</c>. <see cref="Stop"/> does to an engine pointed here what a dockerd restart does (every
/// open stream cut, the socket gone, new connections refused) without touching the engine other tests share;
/// <see cref="Start"/> brings it back.
/// </summary>
internal sealed class DockerSocketRelay : IDisposable
{
    private const string DockerSocket = "/var/run/docker.sock";
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private Socket? _listener;

    public DockerSocketRelay()
    {
        SocketPath = Path.Combine(Path.GetTempPath(), $"portal-relay-{Guid.NewGuid():N}.sock");
        Start();
    }

    public string SocketPath { get; }

    /// <summary>The endpoint to give the portal (<c>Docker:Endpoint</c>).</summary>
    public string Endpoint => "unix://" + SocketPath;

    public void Start()
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        lock (_gate)
        {
            _listener = listener;
        }

        _ = AcceptAsync(listener);
    }

    /// <summary>Cuts every relayed connection and removes the socket, as a stopping engine does.</summary>
    public void Stop()
    {
        List<Socket> open;
        Socket? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
            open = [.. _open];
            _open.Clear();
        }

        listener?.Dispose();
        foreach (var socket in open)
        {
            socket.Dispose();
        }

        File.Delete(SocketPath);
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(listener, client);
        }
    }

    private async Task RelayAsync(Socket listener, Socket client)
    {
        var docker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        lock (_gate)
        {
            if (_listener != listener)
            {
                // Accepted just as Stop cut everything: it must not reach the engine either.
                client.Dispose();
                docker.Dispose();
                return;
            }

            _open.Add(client);
            _open.Add(docker);
        }

        try
        {
            await docker.ConnectAsync(new UnixDomainSocketEndPoint(DockerSocket));
            await Task.WhenAll(CopyAsync(client, docker), CopyAsync(docker, client));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut by Stop, or one side closed.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(docker);
            }

            client.Dispose();
            docker.Dispose();
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    // Pass the half-close on, as the engine's own socket would see it.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
