using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlExample;

/// <summary>One row of the iris data set: four measurements in centimetres and the species.</summary>
public sealed class IrisRow
{
    /// <summary>Sepal length.</summary>
    [LoadColumn(0)]
    public float SepalLength { get; set; }

    /// <summary>Sepal width.</summary>
    [LoadColumn(1)]
    public float SepalWidth { get; set; }

    /// <summary>Petal length.</summary>
    [LoadColumn(2)]
    public float PetalLength { get; set; }

    /// <summary>Petal width.</summary>
    [LoadColumn(3)]
    public float PetalWidth { get; set; }

    /// <summary>The species: setosa, versicolor or virginica.</summary>
    [LoadColumn(4)]
    public string Species { get; set; } = "";
}

/// <summary>Reading the CSV files the split writes.</summary>
internal static class IrisData
{
    public static IDataView Load(MLContext ml, string path) =>
        ml.Data.LoadFromTextFile<IrisRow>(path, hasHeader: true, separatorChar: ',');
}
