using System.Text;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A docker CLI configuration folder of a test (<c>DOCKER_CONFIG</c>), as <c>docker login</c> leaves it:
/// <c>auths</c> with a base64 <c>auth</c>, or <c>credHelpers</c> naming a helper script put on PATH.
/// </summary>
internal sealed class DockerConfig : IDisposable
{
    private readonly string _folder;

    private DockerConfig(string folder) => _folder = folder;

    public string ConfigPath => Path.Combine(_folder, "config.json");

    private string HelperFolder => Path.Combine(_folder, "bin");

    private string HelperLog => Path.Combine(_folder, "helper.log");

    public static DockerConfig Empty() => new(Directory.CreateTempSubdirectory("pb-docker-config-").FullName);

    public static DockerConfig WithAuths(string host, string user, string password)
    {
        var config = Empty();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        config.Write(new { auths = new Dictionary<string, object> { [host] = new { auth } } });
        return config;
    }

    /// <summary><c>credHelpers: {host: name}</c>, and <c>docker-credential-NAME</c> that logs each request and answers the login.</summary>
    public static DockerConfig WithHelper(string host, string name, string user, string password)
    {
        var config = Empty();
        config.Write(new { credHelpers = new Dictionary<string, string> { [host] = name } });
        Directory.CreateDirectory(config.HelperFolder);
        var script = Path.Combine(config.HelperFolder, "docker-credential-" + name);
        File.WriteAllText(script, $$"""
            #!/bin/sh
            read -r server
            echo "$1 $server" >> '{{config.HelperLog}}'
            if [ "$1" != get ] || [ "$server" != '{{host}}' ]; then echo "credentials not found in native keychain"; exit 1; fi
            printf '{"ServerURL":"%s","Username":"{{user}}","Secret":"{{password}}"}' "$server"
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return config;
    }

    /// <summary>The variables that point the tool at this configuration (and the helper, if any).</summary>
    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["DOCKER_CONFIG"] = _folder };
        if (Directory.Exists(HelperFolder))
        {
            env["PATH"] = HelperFolder + ":" + System.Environment.GetEnvironmentVariable("PATH");
        }

        return env;
    }

    public IReadOnlyList<string> HelperRequests() =>
        File.Exists(HelperLog) ? File.ReadAllLines(HelperLog) : [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(object config) => File.WriteAllText(ConfigPath, JsonSerializer.Serialize(config));
}
