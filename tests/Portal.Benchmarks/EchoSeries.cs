namespace Portal.Benchmarks;

/// <summary>Keystroke echo latencies of one terminal benchmark run, one series per path.</summary>
/// <param name="Portal">Through the portal's terminal socket.</param>
/// <param name="Raw">Straight on the Docker exec API's hijacked stream.</param>
/// <param name="Relay">Through the minimal Kestrel relay: the stack's floor.</param>
/// <param name="Transport">The portal socket's own ping/pong, no Docker.</param>
internal sealed record EchoSeries(LatencySeries Portal, LatencySeries Raw, LatencySeries Relay, LatencySeries Transport);
