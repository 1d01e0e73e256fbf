using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

public sealed class DockerfileBaseImagesTests
{
    [Fact]
    public void Parse_FromLines_GivesEachBaseImageWithItsLine()
    {
        var found = DockerfileBaseImages.Parse("# a comment\nFROM portal/python:latest\nRUN echo hi\n\nfrom --platform=linux/amd64 docker.io/library/alpine:3.19 AS tools\n");

        Assert.Equal(
            [("portal/python:latest", 2, "FROM portal/python:latest"), ("docker.io/library/alpine:3.19", 5, "from --platform=linux/amd64 docker.io/library/alpine:3.19 AS tools")],
            found.Select(f => (f.Reference, f.LineNumber, f.Instruction)));
    }

    [Fact]
    public void Parse_ScratchAndEarlierStages_AreNotBaseImages()
    {
        var found = DockerfileBaseImages.Parse("FROM scratch AS empty\nFROM portal/shell:latest AS Build\nFROM build\nCOPY --from=empty / /\nCOPY --from=0 / /\nFROM EMPTY\n");

        Assert.Equal(["portal/shell:latest"], found.Select(f => f.Reference));
    }

    [Fact]
    public void Parse_CopyFromAnImage_IsABaseImage()
    {
        var found = DockerfileBaseImages.Parse("FROM portal/shell:latest\nCOPY --chown=1:1 --from=evil.example/tools:1 /bin/x /x\nCOPY --from=5 / /\n");

        Assert.Equal(["portal/shell:latest", "evil.example/tools:1", "5"], found.Select(f => f.Reference));
    }

    [Fact]
    public void Parse_ContinuationsAndBuildArguments_AreKeptAsWritten()
    {
        var found = DockerfileBaseImages.Parse("ARG BASE=portal/shell\nFROM \\\n  ${BASE}:latest\n");

        var only = Assert.Single(found);
        Assert.Equal(("${BASE}:latest", 2), (only.Reference, only.LineNumber));
    }

    [Fact]
    public void Parse_EscapeDirective_ChangesTheContinuationCharacter()
    {
        var found = DockerfileBaseImages.Parse("# escape=`\nFROM `\n  evil.example/base:1\n");

        Assert.Equal(["evil.example/base:1"], found.Select(f => f.Reference));
    }
}
