namespace PipelineBuild.Core.Model;

public enum PullPolicy
{
    Missing,
    Never,
    Always,
}
