namespace Portal.Engine.Containers;

/// <summary>Who asks: members act on their own containers only; admins on any, audited.</summary>
public sealed record Actor(string UserName, bool IsAdmin);
