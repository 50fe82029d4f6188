using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dse.Crossbar;

/// <summary>
/// The vector operations of the engine's kernels (the ADC stage, the GEMM micro-kernel) at one register width. A kernel is written
/// once against this interface and the JIT compiles it per width (static abstract members on structs: no virtual calls):
/// <see cref="Lanes512"/> on AVX-512, <see cref="Lanes256"/> on AVX2, <see cref="Lanes128"/> on Arm AdvSIMD and as the portable fallback.
/// </summary>
/// <typeparam name="TF">The float vector.</typeparam>
/// <typeparam name="TI">The int vector of the same lane count.</typeparam>
internal interface ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>The vector at <c>span[index ..]</c>; the caller guarantees the range (no bounds check).</summary>
    static abstract TF Load(ReadOnlySpan<float> span, int index);
    /// <summary>The int vector at <c>span[index ..]</c>; the caller guarantees the range.</summary>
    static abstract TI LoadInt(Span<int> span, int index);
    static abstract TF Broadcast(float value);
    static abstract TF Add(TF a, TF b);
    static abstract TF Subtract(TF a, TF b);
    static abstract TF Multiply(TF a, TF b);
    /// <summary><c>a b + c</c> rounded once.</summary>
    static abstract TF FusedMultiplyAdd(TF a, TF b, TF c);
    /// <summary>Stores at <c>span[index ..]</c>; the caller guarantees the range.</summary>
    static abstract void Store(TF value, Span<float> span, int index);
    /// <summary>Round half to even, as <see cref="MathF.Round(float)"/>.</summary>
    static abstract TF Round(TF a);
    /// <summary><c>min(max(a, 0), max)</c> for finite <paramref name="a"/>.</summary>
    static abstract TF Clamp(TF a, TF max);
    /// <summary>The integer of an integer-valued float vector (exact below 2^31).</summary>
    static abstract TI ToInt32(TF a);
    static abstract TI AddInt(TI a, TI b);
    /// <summary>Bitwise and of int vectors.</summary>
    static abstract TI AndInt(TI a, TI b);
    /// <summary>A mask with the last <paramref name="count"/> lanes all ones and the others zero.</summary>
    static abstract TI LastLanes(int count);
    /// <summary>Stores at <c>span[index ..]</c>; the caller guarantees the range.</summary>
    static abstract void Store(TI value, Span<int> span, int index);
}

/// <summary><see cref="ILanes{TF, TI}"/> on <see cref="Vector512{T}"/>.</summary>
internal readonly struct Lanes512 : ILanes<Vector512<float>, Vector512<int>>
{
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ReadOnlySpan<float> span, int index) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> LoadInt(Span<int> span, int index) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, Span<float> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Round(Vector512<float> a) => Vector512.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Clamp(Vector512<float> a, Vector512<float> max) => Vector512.MinNative(Vector512.MaxNative(a, Vector512<float>.Zero), max);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> ToInt32(Vector512<float> a) => Vector512.ConvertToInt32Native(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> AddInt(Vector512<int> a, Vector512<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> AndInt(Vector512<int> a, Vector512<int> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> LastLanes(int count) => Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Count - count));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<int> value, Span<int> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
}

/// <summary><see cref="ILanes{TF, TI}"/> on <see cref="Vector256{T}"/>.</summary>
internal readonly struct Lanes256 : ILanes<Vector256<float>, Vector256<int>>
{
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ReadOnlySpan<float> span, int index) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> LoadInt(Span<int> span, int index) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, Span<float> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Round(Vector256<float> a) => Vector256.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Clamp(Vector256<float> a, Vector256<float> max) => Vector256.MinNative(Vector256.MaxNative(a, Vector256<float>.Zero), max);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> ToInt32(Vector256<float> a) => Vector256.ConvertToInt32Native(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> AddInt(Vector256<int> a, Vector256<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> AndInt(Vector256<int> a, Vector256<int> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> LastLanes(int count) => Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(Count - count));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<int> value, Span<int> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
}

/// <summary><see cref="ILanes{TF, TI}"/> on <see cref="Vector128{T}"/> (Arm AdvSIMD; software elsewhere without SIMD).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<float>, Vector128<int>>
{
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ReadOnlySpan<float> span, int index) => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> LoadInt(Span<int> span, int index) => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, Span<float> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Round(Vector128<float> a) => Vector128.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Clamp(Vector128<float> a, Vector128<float> max) => Vector128.MinNative(Vector128.MaxNative(a, Vector128<float>.Zero), max);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> ToInt32(Vector128<float> a) => Vector128.ConvertToInt32Native(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> AddInt(Vector128<int> a, Vector128<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> AndInt(Vector128<int> a, Vector128<int> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> LastLanes(int count) => Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(Count - count));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<int> value, Span<int> span, int index) => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
}
