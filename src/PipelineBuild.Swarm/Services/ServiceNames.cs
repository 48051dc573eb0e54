using System.Security.Cryptography;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// A job service's name: <c>pb-&lt;step&gt;-&lt;random&gt;</c>, readable in <c>docker service ls</c>, within the 63 characters
/// and the letters a service name may have, and new for every attempt (the step's exact id is in its labels).
/// </summary>
public static class ServiceNames
{
    private const int StepPart = 40;

    public static string For(StepDefinition step)
    {
        var readable = new string([.. step.Id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        if (readable.Length > StepPart)
        {
            readable = readable[..StepPart].TrimEnd('-');
        }

        return $"pb-{readable}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
    }
}
