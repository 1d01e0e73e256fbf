using Portal.Engine.Containers;

namespace Portal.Engine.Cleanup;

/// <summary>
/// Safe cleanup: a dry run lists exactly what would go; a confirmed run plans again and removes only what is still
/// eligible and was in the preview the user confirmed. Members clean their own things; everyone's
/// (<see cref="CleanupScope.All"/>) is for admins. Every removal is audited with its size.
/// </summary>
public interface ICleanupService
{
    /// <summary>The dry run: what would be removed now, and the bytes.</summary>
    Task<CleanupPlanResult> PlanAsync(Actor actor, CleanupRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Plans again and removes the items of <paramref name="confirmedItemIds"/> that are still eligible; the others are
    /// reported as skipped with the reason. One cleanup runs at a time.
    /// </summary>
    Task<CleanupRunResult> ExecuteAsync(
        Actor actor,
        CleanupRequest request,
        IReadOnlyCollection<string> confirmedItemIds,
        IProgress<CleanupProgress>? progress,
        CancellationToken cancellationToken);
}
