using PipelineBuild.Testing;

namespace PipelineBuild.Notebooks.Tests;

public sealed class NotebookHelpersTests
{
    [Theory]
    [InlineData(4, 3, "ZeroDivisionError: division by zero", "nb.ipynb: cell 4, line 3: ZeroDivisionError: division by zero")]
    [InlineData(null, 2, "NameError: name 'x' is not defined", "nb.ipynb: the injected parameters cell, line 2: NameError: name 'x' is not defined")]
    [InlineData(2, null, "", "nb.ipynb: cell 2: the cell raised an error")]
    public void Should_name_the_failing_cell_its_line_and_the_tracebacks_last_line(int? cell, int? line, string last, string expected)
    {
        Assert.Equal(expected, CellFailure.Describe("nb.ipynb", cell, line, last));
    }

    [Fact]
    public void Should_take_the_pinned_python_before_anything_on_path()
    {
        Assert.Equal("/opt/py/bin/python3", JupyterPython.Locate(name => name == JupyterPython.Variable ? "/opt/py/bin/python3" : "/usr/bin"));
    }

    [Fact]
    public void Should_take_the_interpreter_of_the_jupyter_script_on_path_not_the_first_python3()
    {
        // Given a PATH whose first folder has a python3 without Jupyter, and a jupyter script further on
        using var workspace = TestWorkspace.Create();
        workspace.Write("pyenv/python3", "#!/bin/sh\n");
        workspace.Write("venv/jupyter", "#!/opt/jupyter/bin/python3.11 -I\nimport sys\n");
        var path = string.Join(Path.PathSeparator, workspace.PathOf("pyenv"), workspace.PathOf("venv"));

        // When the Jupyter Python is located
        var python = JupyterPython.Locate(name => name == "PATH" ? path : null);

        // Then it is the script's interpreter
        Assert.Equal("/opt/jupyter/bin/python3.11", python);
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3\n", null)]
    [InlineData("#!/bin/sh\n", null)]
    [InlineData("no shebang\n", null)]
    [InlineData("#!/usr/bin/python3\n", "/usr/bin/python3")]
    public void Should_read_only_an_absolute_python_from_the_shebang(string script, string? expected)
    {
        using var workspace = TestWorkspace.Create();
        Assert.Equal(expected, JupyterPython.Interpreter(workspace.Write("jupyter", script)));
    }
}
