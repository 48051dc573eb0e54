namespace PipelineBuild.Cli.Serving;

/// <summary>How <c>serve</c> behaves; from the command line.</summary>
internal sealed record ServeSettings
{
    public string? File { get; init; }

    public string[] Params { get; init; } = [];

    public string? ParamsFile { get; init; }

    public int Jobs { get; init; } = Environment.ProcessorCount;

    public bool Verbose { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    public TimeSpan Debounce { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>On SIGTERM / Ctrl-C: cancel the current run (default) or let it finish.</summary>
    public bool FinishOnStop { get; init; }

    /// <summary>Push each run's metrics here too (optional).</summary>
    public Uri? Pushgateway { get; init; }
}
