using Microsoft.Extensions.Options;

namespace Portal.Engine.Images;

/// <summary>Reports every problem in the <c>Images</c> section at once, naming the key.</summary>
internal sealed class ImageOptionsValidator : IValidateOptions<ImageOptions>
{
    /// <summary>64 GiB: a context is written to a temporary file twice (the upload and the tar sent to the engine).</summary>
    internal const int MaxContextLimitMiB = 64 * 1024;

    /// <summary>A day: longer than that, an action is stuck rather than slow.</summary>
    internal const double MaxTimeoutMinutes = 24 * 60;

    internal const int MaxLogLines = 1_000_000;

    public ValidateOptionsResult Validate(string? name, ImageOptions options)
    {
        var errors = new List<string>();
        if (options.MaxContextMiB is < 1 or > MaxContextLimitMiB)
        {
            errors.Add($"Images:MaxContextMiB must be between 1 and {MaxContextLimitMiB} (was {options.MaxContextMiB}).");
        }

        if (options.BuildLogLines is < 10 or > MaxLogLines)
        {
            errors.Add($"Images:BuildLogLines must be between 10 and {MaxLogLines} (was {options.BuildLogLines}).");
        }

        CheckTimeout(errors, "TransferTimeoutMinutes", options.TransferTimeoutMinutes);
        CheckTimeout(errors, "BuildTimeoutMinutes", options.BuildTimeoutMinutes);
        CheckTimeout(errors, "CommitTimeoutMinutes", options.CommitTimeoutMinutes);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTimeout(List<string> errors, string key, double minutes)
    {
        if (!(minutes > 0 && minutes <= MaxTimeoutMinutes))
        {
            errors.Add($"Images:{key} must be more than 0 and at most {MaxTimeoutMinutes} (a day; was {minutes}).");
        }
    }
}
