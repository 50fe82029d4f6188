namespace Dse.Crossbar;

/// <summary>A run of whole queries scored together: queries <c>QueryStart .. QueryEnd - 1</c>, whose input vectors are
/// <c>InputStart .. InputEnd - 1</c> (each input vector <c>InputBits</c> bit-plane rows of the chunk's GEMMs).</summary>
internal readonly record struct QueryChunk(int QueryStart, int QueryEnd, int InputStart, int InputEnd);
