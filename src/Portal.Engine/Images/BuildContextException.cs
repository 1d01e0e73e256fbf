namespace Portal.Engine.Images;

/// <summary>An uploaded build context the portal cannot use; the message is for the person who uploaded it.</summary>
internal sealed class BuildContextException(string message) : Exception(message);
