namespace PipelineBuild.Core.Yaml;

/// <summary>The PB2xxx codes the YAML reader itself reports (syntax, keys, depth); indexed in docs/error-codes.md.</summary>
internal static class YamlCodes
{
    public const string DuplicateKey = "PB2002";
    public const string WrongType = "PB2003";
    public const string SyntaxError = "PB2008";
    public const string MultipleDocuments = "PB2013";
    public const string TooDeep = "PB2015";
}
