using System.Diagnostics;
using System.Text;

namespace Portal.E2E.Infrastructure;

/// <summary>A capped, thread-safe buffer of a child process's stdout and stderr lines, shown when a test fails.</summary>
internal sealed class ProcessOutput
{
    private const int MaximumLines = 2000;

    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private int _dropped;

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "[stderr] " + e.Data);
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaximumLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            if (_dropped > 0)
            {
                text.AppendLine($"[{_dropped} earlier lines dropped]");
            }

            foreach (var line in _lines)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }
}
