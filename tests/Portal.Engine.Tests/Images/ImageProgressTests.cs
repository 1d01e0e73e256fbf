using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

public sealed class ImageProgressTests
{
    [Fact]
    public void Report_PullMessages_TrackEachLayerAndTheOverallFraction()
    {
        var progress = new ImageProgress();
        progress.BeginPhase("pull");

        progress.Report("v1", "Pulling from alice/env", null, null, null);
        progress.Report("aaaaaaaaaaaa", "Pulling fs layer", null, null, null);
        progress.Report("bbbbbbbbbbbb", "Already exists", null, null, null);
        progress.Report("aaaaaaaaaaaa", "Downloading", 50, 100, null);

        var snapshot = progress.Current;
        Assert.Equal(["aaaaaaaaaaaa", "bbbbbbbbbbbb"], snapshot.Layers.Select(l => l.Id));
        Assert.Equal(0.4, snapshot.Layers[0].Fraction, 3);
        Assert.Equal((50L, 100L), (snapshot.Layers[0].Current!.Value, snapshot.Layers[0].Total!.Value));
        Assert.Equal(1, snapshot.Layers[1].Fraction);
        Assert.Equal(0.7, snapshot.Overall!.Value, 3);
        Assert.Equal(["v1: Pulling from alice/env"], snapshot.Log);
        Assert.False(snapshot.Done);
    }

    [Theory]
    [InlineData("Downloading", 100L, 100L, 0.0, 0.8)]
    [InlineData("Download complete", null, null, 0.0, 0.8)]
    [InlineData("Extracting", 50L, 100L, 0.8, 0.9)]
    [InlineData("Pull complete", null, null, 0.9, 1.0)]
    [InlineData("Pushing", 25L, 100L, 0.0, 0.25)]
    [InlineData("Pushed", null, null, 0.5, 1.0)]
    [InlineData("Layer already exists", null, null, 0.0, 1.0)]
    [InlineData("Mounted from alice/other", null, null, 0.0, 1.0)]
    [InlineData("Waiting", null, null, 0.3, 0.3)]
    public void FractionOf_EachEngineStatus_MapsToHowFarTheLayerIs(string status, long? current, long? total, double previous, double expected)
    {
        Assert.Equal(expected, ImageProgress.FractionOf(status, current, total, previous), 3);
    }

    [Fact]
    public void Report_BuildOutput_SplitsLinesAndKeepsOnlyTheNewest()
    {
        var progress = new ImageProgress(maxLogLines: 3);

        progress.Report(null, null, null, null, "Step 1/2 : FROM x\n ---> abc\n");
        progress.Report(null, null, null, null, "Step 2/2 : RUN y\n");
        progress.Complete("it broke");

        var snapshot = progress.Current;
        Assert.Equal([" ---> abc", "Step 2/2 : RUN y", "ERROR: it broke"], snapshot.Log);
        Assert.Equal(1, snapshot.DroppedLines);
        Assert.True(snapshot.Done);
        Assert.Equal("it broke", snapshot.Error);
    }

    [Fact]
    public async Task WatchAsync_SnapshotThenUpdates_EndsWhenTheWatcherCancels()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var progress = new ImageProgress();
        progress.AddLine("before");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        // The watcher runs on another thread: a concurrent queue to collect, a signal for its first snapshot.
        var seen = new System.Collections.Concurrent.ConcurrentQueue<ImageProgressSnapshot>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = Task.Run(
            async () =>
            {
                await foreach (var snapshot in progress.WatchAsync(watching.Token))
                {
                    seen.Enqueue(snapshot);
                    first.TrySetResult();
                    if (snapshot.Done)
                    {
                        await watching.CancelAsync();
                    }
                }
            },
            cts.Token);

        await first.Task.WaitAsync(cts.Token);

        progress.Complete(null);
        await watcher.WaitAsync(cts.Token);

        Assert.Equal(["before"], seen.First().Log);
        Assert.True(seen.Last().Done);
    }
}
