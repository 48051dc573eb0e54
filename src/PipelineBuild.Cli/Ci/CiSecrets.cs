namespace PipelineBuild.Cli.Ci;

/// <summary>
/// Secrets declared with <c>run --secret NAME</c> (environment variables), and those the tool reads
/// itself (<c>NUGET_API_KEY</c>, <c>PIPELINEBUILD_REGISTRY_PASSWORD</c>), are masked before anything else is written: the CI runner then
/// hides their values in every later line, the steps' output included.
/// </summary>
internal static class CiSecrets
{
    private static readonly string[] ReadByTheTool = ["NUGET_API_KEY", "PIPELINEBUILD_REGISTRY_PASSWORD"];

    public static void Mask(ICiProvider? ci, TextWriter output, CiEnvironment environment, IReadOnlyList<string> declared)
    {
        if (ci is null)
        {
            return;
        }

        foreach (var name in declared.Concat(ReadByTheTool).Distinct(StringComparer.Ordinal))
        {
            if (environment[name] is { } value)
            {
                foreach (var line in ci.Mask(value))
                {
                    output.WriteLine(line);
                }
            }
            else if (declared.Contains(name, StringComparer.Ordinal))
            {
                var message = $"--secret {name}: warning {CiCodes.SecretNotSet}: the environment variable {name} is not set, so there is nothing to mask; pass the secret to this step's environment";
                Console.Error.WriteLine(message);
                output.WriteLine(ci.Warning(message));
            }
        }
    }
}
