using System.Text;
using System.Text.Json;

namespace PipelineBuild.Cli.Dependencies;

/// <summary><c>env --format json</c>: the same document for programs (camelCase keys; nulls for what this machine lacks).</summary>
internal static class DependencyJson
{
    public static string Write(DependencyReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("pipeline", report.Pipeline);
            json.WriteString("toolVersion", report.ToolVersion);
            json.WriteString("os", report.OperatingSystem);
            json.WriteString("dotnetSdk", report.DotNetSdk);
            json.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                json.WriteStartObject();
                json.WriteString("id", step.Id);
                json.WriteString("runsOn", step.RunsOn);
                Strings(json, "programs", step.Programs);
                json.WriteString("image", step.Image);
                json.WriteString("task", step.Task);
                json.WriteString("taskProject", step.TaskProject);
                json.WriteString("notebook", step.Notebook);
                json.WriteString("kernel", step.Kernel);
                json.WriteString("kernelMissing", step.KernelMissing);
                Strings(json, "requirements", step.Requirements);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("programs");
            foreach (var program in report.Programs)
            {
                json.WriteStartObject();
                json.WriteString("name", program.Name);
                json.WriteString("path", program.Path);
                json.WriteString("version", program.Version);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("images");
            foreach (var image in report.Images)
            {
                json.WriteStartObject();
                json.WriteString("name", image.Name);
                json.WriteString("reference", image.Reference);
                json.WriteString("contentId", image.ContentId);
                json.WriteString("dockerfile", image.Dockerfile);
                Strings(json, "baseImages", image.BaseImages);
                json.WriteString("missing", image.Missing);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("pythonPackages");
            foreach (var package in report.PythonPackages)
            {
                json.WriteStartObject();
                json.WriteString("name", package.Name);
                json.WriteString("requirement", package.Requirement);
                json.WriteString("file", package.File);
                json.WriteString("installed", package.InstalledVersion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("taskProject", report.TaskProject);
            json.WriteStartArray("nugetPackages");
            foreach (var package in report.Packages)
            {
                json.WriteStartObject();
                json.WriteString("id", package.Id);
                json.WriteString("version", package.Version);
                json.WriteBoolean("direct", package.Direct);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Strings(json, "missing", report.Missing);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
