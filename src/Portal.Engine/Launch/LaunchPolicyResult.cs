namespace Portal.Engine.Launch;

/// <summary>Either a plan that may reach Docker, or why not.</summary>
public sealed record LaunchPolicyResult(LaunchPlan? Plan, LaunchError? Error)
{
    public static LaunchPolicyResult Allowed(LaunchPlan plan) => new(plan, null);

    public static LaunchPolicyResult Refused(LaunchError error) => new(null, error);
}
