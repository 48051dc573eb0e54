namespace PipelineBuild.Cli.Dependencies;

/// <summary>The base images of a Dockerfile: each <c>FROM</c>'s image, except earlier stages named with <c>AS</c>, each once.</summary>
internal static class DockerfileBases
{
    public static IReadOnlyList<string> Read(string dockerfile)
    {
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var bases = new List<string>();
        foreach (var line in File.ReadLines(dockerfile))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !string.Equals(words[0], "FROM", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var image = words.Skip(1).First(w => !w.StartsWith("--", StringComparison.Ordinal));
            if (!stages.Contains(image) && !bases.Contains(image, StringComparer.Ordinal))
            {
                bases.Add(image);
            }

            var asIndex = Array.FindIndex(words, w => string.Equals(w, "AS", StringComparison.OrdinalIgnoreCase));
            if (asIndex > 0 && asIndex + 1 < words.Length)
            {
                stages.Add(words[asIndex + 1]);
            }
        }

        return bases;
    }
}
