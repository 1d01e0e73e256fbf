namespace Portal.Engine.Cleanup;

/// <summary>
/// What the portal's database says about images, read once for one plan: who brought each image (by id), which
/// references an admin protected, and which images the launch templates start from (both normalised
/// <c>repository:tag</c>).
/// </summary>
internal sealed record CleanupPolicyContext(
    IReadOnlyDictionary<string, string> ImageOwners,
    IReadOnlySet<string> ProtectedReferences,
    IReadOnlyDictionary<string, string> TemplateImages)
{
    public static CleanupPolicyContext Empty { get; } = new(
        new Dictionary<string, string>(), new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, string>());
}
