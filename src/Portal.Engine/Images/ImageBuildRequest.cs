namespace Portal.Engine.Images;

/// <summary>A build: the Dockerfile text, the name to give the image, and an optional context upload.</summary>
/// <param name="Dockerfile">The Dockerfile's text.</param>
/// <param name="Reference">The <c>repository:tag</c> to give the image.</param>
/// <param name="Context">A tar, tar.gz or zip of the files the Dockerfile copies; null for none. The caller disposes it.</param>
public sealed record ImageBuildRequest(string Dockerfile, string Reference, Stream? Context = null);
