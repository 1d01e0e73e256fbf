using System.Globalization;

namespace Portal.Engine.Stats;

/// <summary>Reads the host PIDs out of a <c>docker top</c> answer, whatever columns its <c>ps</c> arguments produced.</summary>
public static class DockerTopParser
{
    /// <summary>The values of the <c>PID</c> column; empty when there is none (a <c>ps</c> format without it).</summary>
    public static IReadOnlySet<int> HostPids(IList<string>? titles, IList<IList<string>>? processes)
    {
        var column = titles?.IndexOf("PID") ?? -1;
        var pids = new HashSet<int>();
        if (column < 0)
        {
            return pids;
        }

        foreach (var process in processes ?? [])
        {
            if (process.Count > column && int.TryParse(process[column], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }
}
