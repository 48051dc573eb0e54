namespace PipelineBuild.Core.Loading;

/// <summary>
/// Every key the loader accepts, per kind of map. The readers check against these lists, and a test keeps
/// the shipped JSON Schema (<c>schemas/pipeline.schema.json</c>) covering exactly them.
/// </summary>
public static class PipelineKeys
{
    public static IReadOnlyList<string> Pipeline { get; } = ["pipeline", "workspace", "params", "env", "images", "tasks", "stages", "artifacts", "schedules", "plots", "cache", "secrets", "executor", "registry"];

    public static IReadOnlyList<string> Stage { get; } = ["needs", "image", "steps", "description", "executor"];

    public static IReadOnlyList<string> Step { get; } =
    [
        "run", "task", "notebook", "kernel", "export", "shell", "with", "env", "image", "inputs", "outputs", "metrics", "params",
        "needs", "matrix", "timeout", "retries", "cache", "frozen", "network", "resources", "description", "plots", "executor", "placement",
    ];

    public static IReadOnlyList<string> Image { get; } = ["build", "dockerfile", "image", "pull"];

    public static IReadOnlyList<string> Artifact { get; } = ["path", "version", "publish", "description"];

    public static IReadOnlyList<string> Resources { get; } = ["cpus", "memory", "gpus"];

    public static IReadOnlyList<string> Schedule { get; } = ["cron", "watch", "drift"];

    public static IReadOnlyList<string> Drift { get; } = ["metric", "above"];

    public static IReadOnlyList<string> Cache { get; } = ["remote", "mode"];

    public static IReadOnlyList<string> Plot { get; } = ["x", "y", "template", "title", "x_label", "y_label"];
}
