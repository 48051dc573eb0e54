using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Model;
using PipelineBuild.TaskHost;
using PipelineBuild.TaskRunner;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

public sealed class TaskRunnerTests
{
    [Fact]
    public void Should_know_the_same_built_in_task_names_as_the_task_host()
    {
        var catalog = TaskCatalog.Of(typeof(BuiltInTasks).Assembly).Tasks.Keys.Order(StringComparer.Ordinal);

        Assert.Equal(catalog, BuiltInTaskNames.All);
        Assert.Equal(BuiltInTasks.Names, BuiltInTaskNames.All);
    }

    [Fact]
    public void Should_send_yaml_scalars_to_the_task_host_with_their_yaml_types()
    {
        // Given a 'with' map as the loader produces it (scalars keep their text)
        var with = new MapValue([
            new("trees", new ScalarValue("20")),
            new("rate", new ScalarValue("0.10")),
            new("name", new ScalarValue("fast")),
            new("flag", new ScalarValue("true")),
            new("none", new ScalarValue("~")),
            new("zip", new ScalarValue("007")),
            new("list", new ListValue([new ScalarValue("1"), new ScalarValue("a")])),
        ]);

        // When
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            TaskRequestWriter.WriteValue(writer, with);
        }

        // Then numbers stay as written, "007" stays text
        Assert.Equal("""{"trees":20,"rate":0.10,"name":"fast","flag":true,"none":null,"zip":"007","list":[1,"a"]}""", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Should_extract_compiler_errors_in_the_canonical_form_relative_to_the_current_folder()
    {
        var output = new[]
        {
            "/work/ws/tasks/Count.cs(10,21): error CS1525: Invalid expression term ';' [/work/ws/tasks/Tasks.csproj]",
            "/work/ws/tasks/Count.cs(10,21): error CS1525: Invalid expression term ';' [/work/ws/tasks/Tasks.csproj]",
            "/work/ws/tasks/Count.cs(3,1): warning CS0168: unused",
            "/work/ws/tasks/Tasks.csproj : error NU1101: Unable to find package Nope. [/work/ws/tasks/Tasks.csproj]",
        };

        var errors = BuildErrors.Extract(output, "/work/ws");

        Assert.Equal(
            ["tasks/Count.cs(10,21): error CS1525: Invalid expression term ';'", "tasks/Tasks.csproj: error NU1101: Unable to find package Nope."],
            errors);
    }

    [Fact]
    public void Should_hash_task_project_sources_without_build_output_and_with_referenced_projects()
    {
        // Given a task project that references another project, and build output in both
        using var ws = TestWorkspace.Create();
        ws.Write("tasks/Tasks.csproj", """<Project><ItemGroup><ProjectReference Include="..\lib\Lib.csproj" /></ItemGroup></Project>""");
        ws.Write("tasks/A.cs", "class A {}");
        ws.Write("lib/Lib.csproj", "<Project />");
        ws.Write("lib/B.cs", "class B {}");
        ws.Write("Directory.Build.props", "<Project />");
        var before = TaskProjectSources.Hash(ws.Root, ws.PathOf("tasks/Tasks.csproj"));

        // When build output appears, then a referenced source and an MSBuild file above change
        ws.Write("tasks/bin/Release/A.dll", "x");
        ws.Write("tasks/obj/project.assets.json", "{}");
        var withBuildOutput = TaskProjectSources.Hash(ws.Root, ws.PathOf("tasks/Tasks.csproj"));
        ws.Write("lib/B.cs", "class B { int x; }");
        var afterReferenceEdit = TaskProjectSources.Hash(ws.Root, ws.PathOf("tasks/Tasks.csproj"));
        ws.Write("Directory.Build.props", "<Project><PropertyGroup /></Project>");
        var afterPropsEdit = TaskProjectSources.Hash(ws.Root, ws.PathOf("tasks/Tasks.csproj"));

        // Then
        Assert.Equal(before, withBuildOutput);
        Assert.NotEqual(withBuildOutput, afterReferenceEdit);
        Assert.NotEqual(afterReferenceEdit, afterPropsEdit);
    }
}
