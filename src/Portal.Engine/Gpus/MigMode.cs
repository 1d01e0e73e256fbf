namespace Portal.Engine.Gpus;

/// <summary>
/// The current MIG mode of a GPU. A GPU that cannot do MIG reports <c>N/A</c>, which the parser turns into a null
/// <see cref="MigMode"/>, so "not capable" and "capable but off" stay apart.
/// </summary>
public enum MigMode
{
    Disabled,
    Enabled,
}
