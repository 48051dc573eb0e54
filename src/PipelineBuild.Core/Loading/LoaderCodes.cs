namespace PipelineBuild.Core.Loading;

/// <summary>The stable PB2xxx codes of pipeline-file problems; indexed in docs/error-codes.md.</summary>
internal static class LoaderCodes
{
    public const string UnknownKey = "PB2001";
    public const string DuplicateKey = "PB2002";
    public const string WrongType = "PB2003";
    public const string RunOrTask = "PB2004";
    public const string UnknownParam = "PB2005";
    public const string BadName = "PB2006";
    public const string EmptyFile = "PB2007";
    public const string SyntaxError = "PB2008";
    public const string MissingKey = "PB2009";
    public const string BadValue = "PB2010";
    public const string FileUnreadable = "PB2011";
    public const string BadExpression = "PB2012";
    public const string MultipleDocuments = "PB2013";
    public const string BadParamOverride = "PB2014";
    public const string TooDeep = "PB2015";
    public const string BadMatrix = "PB2016";
    public const string TooLarge = "PB2017";
    public const string UnsafeExpression = "PB2030";
    public const string UnquotableShell = "PB2031";
    public const string ValueEndsHereDocument = "PB2032";
}
