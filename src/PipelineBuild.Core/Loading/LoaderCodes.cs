using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>The stable PB2xxx codes of pipeline-file problems; indexed in docs/error-codes.md.</summary>
internal static class LoaderCodes
{
    public const string UnknownKey = "PB2001";
    public const string DuplicateKey = YamlCodes.DuplicateKey;
    public const string WrongType = YamlCodes.WrongType;
    public const string RunOrTask = "PB2004";
    public const string UnknownParam = "PB2005";
    public const string BadName = "PB2006";
    public const string EmptyFile = "PB2007";
    public const string SyntaxError = YamlCodes.SyntaxError;
    public const string MissingKey = "PB2009";
    public const string BadValue = "PB2010";
    public const string FileUnreadable = "PB2011";
    public const string BadExpression = "PB2012";
    public const string MultipleDocuments = YamlCodes.MultipleDocuments;
    public const string BadParamOverride = "PB2014";
    public const string TooDeep = YamlCodes.TooDeep;
    public const string BadMatrix = "PB2016";
    public const string TooLarge = "PB2017";
    public const string NotRegularFile = "PB2040";
    public const string FileTooLarge = "PB2041";
    public const string BadCron = "PB9501";
}
