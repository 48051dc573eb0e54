using System.CommandLine;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline completion bash|zsh|pwsh</c>: a script that asks the tool itself for completions
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so commands, options and their
/// allowed values complete as the tool defines them, in this version.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # dotnet-pipeline completion for bash: eval "$(dotnet-pipeline completion bash)" (e.g. in ~/.bashrc)
        _dotnet_pipeline_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$(dotnet-pipeline "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _dotnet_pipeline_complete dotnet-pipeline
        """;

    private const string Zsh = """
        # dotnet-pipeline completion for zsh: eval "$(dotnet-pipeline completion zsh)" (e.g. in ~/.zshrc, after compinit)
        _dotnet_pipeline_complete() {
            local -a candidates
            candidates=("${(@f)$(dotnet-pipeline "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _dotnet_pipeline_complete dotnet-pipeline
        """;

    private const string PowerShell = """
        # dotnet-pipeline completion for PowerShell: dotnet-pipeline completion pwsh | Out-String | Invoke-Expression (e.g. in $PROFILE)
        Register-ArgumentCompleter -Native -CommandName dotnet-pipeline -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            dotnet-pipeline "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print a shell completion script for dotnet-pipeline") { shell };
        command.SetAction(parse =>
        {
            Console.WriteLine(parse.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => PowerShell,
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
