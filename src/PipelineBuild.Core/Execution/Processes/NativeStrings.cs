using System.Runtime.InteropServices;
using System.Text;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>Null-terminated UTF-8 strings and a null-terminated pointer array in native memory, freed together.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<IntPtr> _allocations = [];

    public byte* Add(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var memory = (byte*)NativeMemory.Alloc((nuint)length + 1);
        _allocations.Add((IntPtr)memory);
        Encoding.UTF8.GetBytes(value, new Span<byte>(memory, length));
        memory[length] = 0;
        return memory;
    }

    public byte** AddArray(IReadOnlyList<string> values)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        _allocations.Add((IntPtr)array);
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Add(values[i]);
        }

        array[values.Count] = null;
        return array;
    }

    public void Dispose()
    {
        foreach (var allocation in _allocations)
        {
            NativeMemory.Free((void*)allocation);
        }

        _allocations.Clear();
    }
}
