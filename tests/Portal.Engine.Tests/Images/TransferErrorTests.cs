using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

/// <summary>The registry's and engine's words (as dockerd 20.10 says them) sorted into what people can act on.</summary>
public sealed class TransferErrorTests
{
    [Theory]
    [InlineData("manifest for 127.0.0.1:5000/a/b:x not found: manifest unknown: manifest unknown", ImageErrorCodes.ManifestNotFound)]
    [InlineData("Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused", ImageErrorCodes.RegistryUnreachable)]
    [InlineData("unauthorized: authentication required", ImageErrorCodes.RegistryAuthFailed)]
    [InlineData("Get \"http://127.0.0.1:5001/v2/\": no basic auth credentials", ImageErrorCodes.RegistryAuthFailed)]
    [InlineData("something else entirely", ImageErrorCodes.PullFailed)]
    public void DescribeTransferError_KnownMessages_GetTheirCode(string error, string code)
    {
        Assert.Equal(code, ImageManager.DescribeTransferError(error, "127.0.0.1:5000/a/b:x", ImageErrorCodes.PullFailed, "pull").Code);
    }

    [Fact]
    public void DescribeBuildError_FailedStep_NamesTheStep()
    {
        var message = ImageManager.DescribeBuildError("The command '/bin/sh -c exit 3' returned a non-zero code: 3", ["Step 1/2 : FROM x", " ---> 1", "Step 2/2 : RUN exit 3"]);

        Assert.Equal("The build failed at Step 2/2 : RUN exit 3: The command '/bin/sh -c exit 3' returned a non-zero code: 3", message);
    }
}
