namespace Portal.Tests.Infrastructure;

/// <summary>
/// Captures what is written to <see cref="Console.Out"/> until disposed. Console.Out is process-wide, so tests that
/// use this belong to <see cref="ConsoleOutputCollection"/>, which runs alone.
/// </summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _original;
    private readonly StringWriter _buffer = new();
    private readonly TextWriter _synchronized;

    public ConsoleCapture()
    {
        _original = Console.Out;
        _synchronized = TextWriter.Synchronized(_buffer);
        Console.SetOut(_synchronized);
    }

    public string Text
    {
        get
        {
            lock (_synchronized)
            {
                return _buffer.ToString();
            }
        }
    }

    public void Dispose()
    {
        Console.SetOut(_original);
        _original.Write(Text);
    }
}

/// <summary>Tests that capture the console run after the parallel ones, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "Console output";
}
