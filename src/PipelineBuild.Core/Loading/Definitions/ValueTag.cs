namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>The byte before each param value in a cached definition: which kind of node follows.</summary>
internal enum ValueTag : byte
{
    Scalar = 1,
    List = 2,
    Map = 3,
}
