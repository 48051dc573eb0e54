using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineBuild.Core.Model;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// Writes the task host's request (protocol 1). YAML scalars get their YAML types: <c>5</c> and <c>0.1</c>
/// numbers (kept as written), <c>true</c>/<c>false</c> booleans, <c>null</c>/<c>~</c> null, the rest strings.
/// Secrets never reach the file: a secret's value in <c>with</c> is written as <c>${{ env.NAME }}</c> and the
/// names are listed under <c>secrets</c>; the host puts the values back from its environment.
/// </summary>
public static partial class TaskRequestWriter
{
    public const int Protocol = 1;

    public static void Write(string path, TaskRequest request)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("protocol", Protocol);
        if (request.AssemblyPath is null)
        {
            writer.WriteNull("assembly");
        }
        else
        {
            writer.WriteString("assembly", request.AssemblyPath);
        }

        var step = request.Step;
        writer.WriteString("task", step.Task);
        writer.WriteString("stepId", step.Id);
        writer.WriteString("workspace", request.Workspace);
        WriteStrings(writer, "inputs", step.Inputs.Select(i => i.ToString()));
        WriteStrings(writer, "outputs", step.Outputs.Select(o => o.ToString()));
        WriteStrings(writer, "metrics", step.Metrics);
        writer.WriteStartObject("params");
        foreach (var name in step.Params)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, request.Params.Find(name));
        }

        writer.WriteEndObject();
        writer.WritePropertyName("with");
        WriteValue(writer, step.With, step.Secrets);
        WriteStrings(writer, "secrets", step.Secrets.Names);
        writer.WriteString("result", request.ResultPath);
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, ValueNode? value) => WriteValue(writer, value, SecretSet.Empty);

    private static void WriteValue(Utf8JsonWriter writer, ValueNode? value, SecretSet secrets)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case MapValue map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, secrets);
                }

                writer.WriteEndObject();
                break;
            case ListValue list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteValue(writer, item, secrets);
                }

                writer.WriteEndArray();
                break;
            case ScalarValue { Text: "true" or "True" or "TRUE" }:
                writer.WriteBooleanValue(true);
                break;
            case ScalarValue { Text: "false" or "False" or "FALSE" }:
                writer.WriteBooleanValue(false);
                break;
            case ScalarValue { Text: "null" or "Null" or "NULL" or "~" }:
                writer.WriteNullValue();
                break;
            case ScalarValue scalar when JsonNumber().IsMatch(scalar.Text):
                writer.WriteRawValue(scalar.Text);
                break;
            default:
                writer.WriteStringValue(secrets.Redact(value.ToExpansionText()));
                break;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
