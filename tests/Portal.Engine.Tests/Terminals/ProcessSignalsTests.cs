using System.Diagnostics;
using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

public sealed class ProcessSignalsTests
{
    [Fact]
    public void IsSignallable_ThePortalsOwnNamespace_IsFalse()
    {
        // Our own processes share our pid namespace: they are never a container's exec, whatever the number.
        Assert.False(ProcessSignals.IsSignallable(Environment.ProcessId));
        Assert.False(ProcessSignals.IsSignallable(1));
        Assert.False(ProcessSignals.IsSignallable(0));
        Assert.False(ProcessSignals.IsSignallable(-5));
    }

    [Fact]
    public void IsSignallable_NoSuchProcess_IsFalse()
    {
        Assert.False(ProcessSignals.IsSignallable(int.MaxValue - 1));
    }

    [Fact]
    public async Task Send_Hangup_EndsAProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;

        var error = ProcessSignals.Send(process.Id, ProcessSignals.Hangup);

        Assert.Equal(0, error);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.HasExited);
    }

    [Fact]
    public void Send_NoSuchProcess_ReturnsEsrch()
    {
        const int Esrch = 3;
        Assert.Equal(Esrch, ProcessSignals.Send(int.MaxValue - 1, ProcessSignals.Kill));
    }
}
