namespace Portal.Engine.Images;

/// <summary>An image a Dockerfile builds on (<c>FROM</c> or <c>COPY --from</c>): the reference as written, and its line for messages.</summary>
/// <param name="Reference">The image as written, before normalising; may hold <c>$</c> build arguments.</param>
/// <param name="LineNumber">The 1-based line the instruction starts on.</param>
/// <param name="Instruction">The instruction as written (continuation lines joined).</param>
public sealed record DockerfileBaseImage(string Reference, int LineNumber, string Instruction);
