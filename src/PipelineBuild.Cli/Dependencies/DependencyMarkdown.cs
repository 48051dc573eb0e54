using System.Text;

namespace PipelineBuild.Cli.Dependencies;

/// <summary><c>env --format md</c>: DEPENDENCIES.md, a document for the person who sets up the next machine.</summary>
internal static class DependencyMarkdown
{
    public static string Write(DependencyReport report)
    {
        var md = new StringBuilder();
        md.Append("# Dependencies of ").Append(report.Pipeline).Append("\n\n");
        md.Append("Written by `dotnet pipeline env` (PipelineBuild ").Append(report.ToolVersion).Append(") on ").Append(report.OperatingSystem)
          .Append("; .NET SDK ").Append(report.DotNetSdk ?? "not found").Append(".\n");
        md.Append("Check a machine with `dotnet pipeline env --check`: it exits 3 listing what is missing.\n\n");

        md.Append("## Steps\n\n| step | runs on | needs |\n|---|---|---|\n");
        foreach (var step in report.Steps)
        {
            md.Append("| ").Append(Cell(step.Id)).Append(" | ").Append(step.RunsOn).Append(" | ").Append(Cell(Needs(step))).Append(" |\n");
        }

        if (report.Programs.Count > 0)
        {
            md.Append("\n## Programs (host steps)\n\n| program | on this machine | version |\n|---|---|---|\n");
            foreach (var program in report.Programs)
            {
                md.Append("| `").Append(program.Name).Append("` | ").Append(program.Path is null ? "**missing**" : Cell(program.Path)).Append(" | ").Append(Cell(program.Version ?? "")).Append(" |\n");
            }
        }

        if (report.Images.Count > 0)
        {
            md.Append("\n## Container images\n\n| image | reference | content ID | Dockerfile | base images | here |\n|---|---|---|---|---|---|\n");
            foreach (var image in report.Images)
            {
                md.Append("| ").Append(Cell(image.Name)).Append(" | ").Append(Cell(image.Reference ?? "")).Append(" | ").Append(Cell(image.ContentId ?? ""))
                  .Append(" | ").Append(Cell(image.Dockerfile ?? "")).Append(" | ").Append(Cell(string.Join(", ", image.BaseImages)))
                  .Append(" | ").Append(image.Missing is null ? "ok" : "**missing**: " + Cell(image.Missing)).Append(" |\n");
            }
        }

        var kernels = report.Steps.Where(s => s.Kernel is not null).GroupBy(s => s.Kernel!, StringComparer.Ordinal).ToList();
        if (kernels.Count > 0)
        {
            md.Append("\n## Notebook kernels\n\n| kernel | steps | here |\n|---|---|---|\n");
            foreach (var kernel in kernels)
            {
                var missing = kernel.First().KernelMissing;
                md.Append("| ").Append(Cell(kernel.Key)).Append(" | ").Append(Cell(string.Join(", ", kernel.Select(s => s.Id)))).Append(" | ")
                  .Append(missing is null ? "ok" : "**missing**: " + Cell(missing)).Append(" |\n");
            }
        }

        if (report.PythonPackages.Count > 0)
        {
            md.Append("\n## Python packages\n\n| package | requirement | file | installed |\n|---|---|---|---|\n");
            foreach (var package in report.PythonPackages)
            {
                md.Append("| ").Append(Cell(package.Name)).Append(" | `").Append(Cell(package.Requirement)).Append("` | ").Append(Cell(package.File)).Append(" | ")
                  .Append(package.InstalledVersion ?? "**missing**").Append(" |\n");
            }
        }

        if (report.TaskProject is not null)
        {
            md.Append("\n## NuGet packages of ").Append(report.TaskProject).Append("\n\n");
            if (report.Packages.Count == 0)
            {
                md.Append("Not restored yet: the first `dotnet pipeline run` restores and builds the project.\n");
            }
            else
            {
                md.Append("| package | version | referenced |\n|---|---|---|\n");
                foreach (var package in report.Packages)
                {
                    md.Append("| ").Append(Cell(package.Id)).Append(" | ").Append(Cell(package.Version)).Append(" | ").Append(package.Direct ? "directly" : "through another").Append(" |\n");
                }
            }
        }

        md.Append("\n## Missing on this machine\n\n");
        if (report.Missing.Count == 0)
        {
            md.Append("Nothing.\n");
        }
        else
        {
            foreach (var item in report.Missing)
            {
                md.Append("- ").Append(item).Append('\n');
            }
        }

        return md.ToString();
    }

    private static string Needs(StepDependencies step) => step.RunsOn switch
    {
        "container" => $"image {step.Image}",
        ".NET task" => $"task {step.Task} ({step.TaskProject ?? "built in"}), .NET SDK",
        "notebook" => $"{step.Notebook}, kernel {step.Kernel}",
        _ => step.Programs.Count == 0 ? "" : string.Join(", ", step.Programs.Select(p => $"`{p}`")),
    } + (step.Requirements.Count == 0 ? "" : "; " + string.Join(", ", step.Requirements));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
