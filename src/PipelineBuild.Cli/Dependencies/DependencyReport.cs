namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// <c>env</c>'s document: the tool and machine, each step's needs, and the totals (programs, images, Python
/// packages, task project packages), each with what this machine has. <see cref="Missing"/> lists what
/// <c>env --check</c> reports.
/// </summary>
internal sealed record DependencyReport(
    string Pipeline,
    string ToolVersion,
    string OperatingSystem,
    string? DotNetSdk,
    IReadOnlyList<StepDependencies> Steps,
    IReadOnlyList<ProgramDependency> Programs,
    IReadOnlyList<ImageDependency> Images,
    IReadOnlyList<PythonPackage> PythonPackages,
    string? TaskProject,
    IReadOnlyList<PackageDependency> Packages,
    IReadOnlyList<string> Missing);
