using System.Globalization;
using System.Security.Cryptography;
using MicroCredentials.Signing.Rdf;

namespace MicroCredentials.Signing.Canonicalization;

/// <summary>
/// One run of RDFC-1.0. Every non-blank term is encoded once, as canonical N-Quads UTF-8, into a pooled
/// arena; quads are four slots (term index or blank-node id) so each serialisation the algorithm needs
/// (first-degree hashes, final output) is a copy of precomputed bytes plus short blank-node labels.
/// </summary>
internal sealed class Rdfc10State : IDisposable
{
    // Slot encoding: >= 0 is a term index into the arena; ~id (negative) is blank node id; DefaultGraphSlot is the default graph.
    private const int DefaultGraphSlot = int.MinValue;

    private static readonly string[] PositionNames = ["s", "o", "g"];

    private readonly RdfcOptions options;
    private readonly CancellationToken cancellationToken;
    private readonly IReadOnlyList<Quad> quads;
    private readonly int quadCount;
    private readonly int[] slots; // 4 per quad: s, p, o, g
    private readonly int[] termOffset;
    private readonly int[] termLength;
    private readonly Utf8Buffer arena;
    private readonly Utf8Buffer scratch;
    private readonly Utf8Buffer joined;
    private IncrementalHash? hasher;
    private readonly LineComparer lineComparer;
    private readonly Dictionary<string, int> blankNodeIds = new(StringComparer.Ordinal);
    private readonly List<string> labels = [];
    private int[] bnodeQuadStart = [];
    private int[] bnodeQuadList = [];
    private string[] firstDegreeHashes = [];
    private int[] canonicalIds = [];
    private readonly List<int> canonicalOrder = [];
    private string[] canonicalLabels = [];
    private LineRange[] ranges = [];
    private int callsRemaining;
    private long permutationsRemaining;

    public Rdfc10State(IReadOnlyList<Quad> dataset, RdfcOptions options, CancellationToken cancellationToken)
    {
        this.options = options;
        this.cancellationToken = cancellationToken;
        callsRemaining = options.MaxHashNDegreeQuadsCalls;
        permutationsRemaining = options.MaxPermutations;
        quads = dataset;
        quadCount = dataset.Count;
        slots = new int[quadCount * 4];
        termOffset = new int[quadCount * 4];
        termLength = new int[quadCount * 4];
        arena = new Utf8Buffer(quadCount * 96);
        scratch = new Utf8Buffer(1024);
        joined = new Utf8Buffer(1024);
        lineComparer = new LineComparer(scratch);
    }

    private int BlankNodeCount => labels.Count;

    public void Dispose()
    {
        arena.Dispose();
        scratch.Dispose();
        joined.Dispose();
        hasher?.Dispose();
    }

    /// <summary>Runs the algorithm; null when the input repeats a quad (the caller deduplicates and runs again).</summary>
    public CanonicalizationResult? Run()
    {
        Label();
        return BuildResult();
    }

    /// <summary>
    /// Runs the algorithm and returns only the canonical N-Quads as UTF-8, what Data Integrity hashes: skips the
    /// UTF-16 string, the relabelled quads and the issued map (about half of RDFC's allocations on a credential).
    /// Null when the input repeats a quad.
    /// </summary>
    public byte[]? RunUtf8()
    {
        Label();
        return SortLines() ? joined.Written.ToArray() : null;
    }

    /// <summary>Steps 1-5: issues every blank node its canonical label.</summary>
    private void Label()
    {
        EncodeQuads();
        IndexBlankNodes();

        var n = BlankNodeCount;
        canonicalIds = new int[n];
        Array.Fill(canonicalIds, -1);
        canonicalLabels = new string[n];
        firstDegreeHashes = new string[n];
        Span<byte> digest = stackalloc byte[Rdfc10.HashSize(options.HashAlgorithm)];
        for (var b = 0; b < n; b++)
        {
            firstDegreeHashes[b] = HashFirstDegreeQuads(b, digest);
        }

        // Step 4: blank nodes ordered by first-degree hash; ties keep first-appearance order as rdf-canonize does.
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var hashes = firstDegreeHashes;
        Array.Sort(order, (x, y) =>
        {
            var c = string.CompareOrdinal(hashes[x], hashes[y]);
            return c != 0 ? c : x.CompareTo(y);
        });

        List<(int Start, int Length)>? nonUnique = null;
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && string.Equals(hashes[order[j]], hashes[order[i]], StringComparison.Ordinal))
            {
                j++;
            }

            if (j - i == 1)
            {
                IssueCanonical(order[i]);
            }
            else
            {
                (nonUnique ??= []).Add((i, j - i));
            }

            i = j;
        }

        // Step 5: shared first-degree hashes are told apart by Hash N-Degree Quads.
        if (nonUnique is not null)
        {
            foreach (var (start, length) in nonUnique)
            {
                var hashPathList = new List<(string Hash, TempIssuer Issuer, int Index)>();
                for (var k = start; k < start + length; k++)
                {
                    var id = order[k];
                    if (canonicalIds[id] >= 0)
                    {
                        continue;
                    }

                    var issuer = new TempIssuer();
                    issuer.Issue(id);
                    var result = HashNDegreeQuads(id, issuer);
                    hashPathList.Add((result.Hash, result.Issuer, hashPathList.Count));
                }

                hashPathList.Sort(static (x, y) =>
                {
                    var c = string.CompareOrdinal(x.Hash, y.Hash);
                    return c != 0 ? c : x.Index.CompareTo(y.Index);
                });
                foreach (var result in hashPathList)
                {
                    foreach (var id in result.Issuer.Order)
                    {
                        IssueCanonical(id);
                    }
                }
            }
        }

    }

    /// <summary>Removes repeated quads (a dataset is a set); only needed on the rare inputs that have them.</summary>
    internal static List<Quad> Deduplicate(IReadOnlyList<Quad> dataset)
    {
        var result = new List<Quad>(dataset.Count);
        var seen = new HashSet<Quad>(dataset.Count);
        for (var i = 0; i < dataset.Count; i++)
        {
            if (seen.Add(dataset[i]))
            {
                result.Add(dataset[i]);
            }
        }

        return result;
    }

    private void EncodeQuads()
    {
        var termCount = 0;
        for (var q = 0; q < quadCount; q++)
        {
            var quad = quads[q];
            var s = quad.Subject;
            if (!(s.IsIri || s.IsBlankNode))
            {
                throw Invalid(q, "the subject must be an IRI or a blank node");
            }

            if (!quad.Predicate.IsIri)
            {
                throw Invalid(q, "the predicate must be an IRI");
            }

            if (quad.Object.IsDefaultGraph)
            {
                throw Invalid(q, "the object must be an IRI, blank node or literal");
            }

            if (quad.Graph.IsLiteral)
            {
                throw Invalid(q, "the graph name must be an IRI, blank node or the default graph");
            }

            var baseSlot = q * 4;
            slots[baseSlot] = Slot(s, ref termCount);
            slots[baseSlot + 1] = Slot(quad.Predicate, ref termCount);
            slots[baseSlot + 2] = Slot(quad.Object, ref termCount);
            slots[baseSlot + 3] = quad.Graph.IsDefaultGraph ? DefaultGraphSlot : Slot(quad.Graph, ref termCount);
        }
    }

    private static CanonicalizationException Invalid(int q, string reason) =>
        new(CanonicalizationException.InvalidQuad, string.Create(CultureInfo.InvariantCulture, $"Quad {q} is not valid RDF: {reason}."));

    private int Slot(in RdfTerm term, ref int termCount)
    {
        if (term.IsBlankNode)
        {
            if (!blankNodeIds.TryGetValue(term.Value, out var id))
            {
                id = labels.Count;
                if (id >= options.MaxBlankNodes)
                {
                    throw new CanonicalizationException(
                        CanonicalizationException.TooManyBlankNodes,
                        $"The dataset has more than {options.MaxBlankNodes} blank nodes.");
                }

                blankNodeIds.Add(term.Value, id);
                labels.Add(term.Value);
            }

            return ~id;
        }

        var t = termCount++;
        termOffset[t] = arena.Length;
        CanonicalNQuadsWriter.WriteTermUtf8(arena, term, options.LegacyLiteralEscaping);
        termLength[t] = arena.Length - termOffset[t];
        return t;
    }

    /// <summary>Builds the blank node to quads map as one flat array (each quad listed once per blank node it mentions).</summary>
    private void IndexBlankNodes()
    {
        var n = BlankNodeCount;
        var counts = new int[n + 1];
        for (var q = 0; q < quadCount; q++)
        {
            var s = slots[q * 4];
            var o = slots[(q * 4) + 2];
            var g = slots[(q * 4) + 3];
            if (s < 0)
            {
                counts[~s + 1]++;
            }

            if (o < 0 && o != s)
            {
                counts[~o + 1]++;
            }

            if (g < 0 && g != DefaultGraphSlot && g != s && g != o)
            {
                counts[~g + 1]++;
            }
        }

        for (var b = 0; b < n; b++)
        {
            counts[b + 1] += counts[b];
        }

        bnodeQuadStart = counts;
        bnodeQuadList = new int[counts[n]];
        var fill = new int[n];
        for (var q = 0; q < quadCount; q++)
        {
            var s = slots[q * 4];
            var o = slots[(q * 4) + 2];
            var g = slots[(q * 4) + 3];
            if (s < 0)
            {
                Add(~s, q);
            }

            if (o < 0 && o != s)
            {
                Add(~o, q);
            }

            if (g < 0 && g != DefaultGraphSlot && g != s && g != o)
            {
                Add(~g, q);
            }
        }

        void Add(int b, int q) => bnodeQuadList[bnodeQuadStart[b] + fill[b]++] = q;
    }

    private ReadOnlySpan<int> QuadsOf(int b) => bnodeQuadList.AsSpan(bnodeQuadStart[b], bnodeQuadStart[b + 1] - bnodeQuadStart[b]);

    private string HashFirstDegreeQuads(int b, Span<byte> digest)
    {
        var list = QuadsOf(b);
        EnsureRanges(list.Length);
        scratch.Clear();
        for (var i = 0; i < list.Length; i++)
        {
            var start = scratch.Length;
            WriteLine(list[i], b, canonical: false);
            ranges[i] = new LineRange(start, scratch.Length - start, list[i]);
        }

        if (list.Length > 1)
        {
            Array.Sort(ranges, 0, list.Length, lineComparer);
        }

        var h = Hasher();
        for (var i = 0; i < list.Length; i++)
        {
            h.AppendData(scratch.Slice(ranges[i].Offset, ranges[i].Length));
        }

        Finish(h, digest);
        return Rdfc10.ToHexLower(digest);
    }

    /// <summary>
    /// One reusable hash object per run: the algorithm hashes dozens of short inputs, where creating a native
    /// digest context per call would cost more than the hashing.
    /// </summary>
    private void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        var h = Hasher();
        h.AppendData(data);
        Finish(h, digest);
    }

    private IncrementalHash Hasher() =>
        hasher ??= IncrementalHash.CreateHash(options.HashAlgorithm == RdfcHashAlgorithm.Sha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);

    private static void Finish(IncrementalHash h, Span<byte> digest)
    {
        if (!h.TryGetHashAndReset(digest, out _))
        {
            throw new InvalidOperationException("The digest buffer is too small.");
        }
    }

    private void EnsureRanges(int count)
    {
        if (ranges.Length < count)
        {
            ranges = new LineRange[Math.Max(count, ranges.Length * 2)];
        }
    }

    /// <summary>
    /// Writes quad <paramref name="q"/> as an N-Quads line into the scratch buffer. For first-degree hashing the
    /// reference blank node is <c>_:a</c> and every other one <c>_:z</c>; otherwise blank nodes get canonical labels.
    /// </summary>
    private void WriteLine(int q, int reference, bool canonical)
    {
        var baseSlot = q * 4;
        WriteSlot(slots[baseSlot], reference, canonical);
        scratch.Append((byte)' ');
        WriteSlot(slots[baseSlot + 1], reference, canonical);
        scratch.Append((byte)' ');
        WriteSlot(slots[baseSlot + 2], reference, canonical);
        var g = slots[baseSlot + 3];
        if (g != DefaultGraphSlot)
        {
            scratch.Append((byte)' ');
            WriteSlot(g, reference, canonical);
        }

        scratch.Append((byte)' ');
        scratch.Append((byte)'.');
        scratch.Append((byte)'\n');
    }

    private void WriteSlot(int slot, int reference, bool canonical)
    {
        if (slot >= 0)
        {
            scratch.Append(arena.Slice(termOffset[slot], termLength[slot]));
            return;
        }

        var b = ~slot;
        scratch.Append((byte)'_');
        scratch.Append((byte)':');
        if (canonical)
        {
            scratch.AppendAscii("c14n");
            scratch.AppendDecimal(canonicalIds[b]);
        }
        else
        {
            scratch.Append(b == reference ? (byte)'a' : (byte)'z');
        }
    }

    private void IssueCanonical(int b)
    {
        if (canonicalIds[b] >= 0)
        {
            return;
        }

        canonicalIds[b] = canonicalOrder.Count;
        canonicalOrder.Add(b);
    }

    private string CanonicalLabel(int b) =>
        canonicalLabels[b] ??= "c14n" + canonicalIds[b].ToString(CultureInfo.InvariantCulture);

    private string HashRelatedBlankNode(int related, int q, TempIssuer issuer, int position)
    {
        scratch.Clear();
        scratch.AppendAscii(PositionNames[position]);
        if (position != 2)
        {
            scratch.Append((byte)'<');
            scratch.AppendUtf8(quads[q].Predicate.Value);
            scratch.Append((byte)'>');
        }

        if (canonicalIds[related] >= 0)
        {
            scratch.AppendAscii("_:c14n");
            scratch.AppendDecimal(canonicalIds[related]);
        }
        else if (issuer.IndexOf(related) is var temp and >= 0)
        {
            scratch.AppendAscii("_:b");
            scratch.AppendDecimal(temp);
        }
        else
        {
            scratch.AppendAscii(firstDegreeHashes[related]);
        }

        Span<byte> digest = stackalloc byte[Rdfc10.HashSize(options.HashAlgorithm)];
        Hash(scratch.Written, digest);
        return Rdfc10.ToHexLower(digest);
    }

    private (string Hash, TempIssuer Issuer) HashNDegreeQuads(int id, TempIssuer issuer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (--callsRemaining < 0)
        {
            throw new CanonicalizationException(
                CanonicalizationException.WorkLimitExceeded,
                $"Hash N-Degree Quads was called more than {options.MaxHashNDegreeQuadsCalls} times; the dataset is too symmetric to canonicalize within the limit.");
        }

        // Steps 1-3: the hash to related blank nodes map, as (hash, related) pairs sorted by hash; a stable
        // sort keeps each hash's blank nodes in discovery order, as a map of lists would.
        var related = new List<(string Hash, int Node, int Order)>();
        var list = QuadsOf(id);
        for (var i = 0; i < list.Length; i++)
        {
            var q = list[i];
            var baseSlot = q * 4;
            AddRelated(slots[baseSlot], 0, q);
            AddRelated(slots[baseSlot + 2], 1, q);
            var g = slots[baseSlot + 3];
            if (g != DefaultGraphSlot)
            {
                AddRelated(g, 2, q);
            }
        }

        related.Sort(static (x, y) =>
        {
            var c = string.CompareOrdinal(x.Hash, y.Hash);
            return c != 0 ? c : x.Order.CompareTo(y.Order);
        });

        using var data = new Utf8Buffer(related.Count * 160);
        for (var start = 0; start < related.Count;)
        {
            var hash = related[start].Hash;
            var end = start + 1;
            while (end < related.Count && string.Equals(related[end].Hash, hash, StringComparison.Ordinal))
            {
                end++;
            }

            var group = new int[end - start];
            for (var k = start; k < end; k++)
            {
                group[k - start] = related[k].Node;
            }

            start = end;
            data.AppendAscii(hash);
            string? chosenPath = null;
            TempIssuer? chosenIssuer = null;
            var permuter = new Permuter(group, labels);
            while (permuter.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (--permutationsRemaining < 0)
                {
                    throw new CanonicalizationException(
                        CanonicalizationException.WorkLimitExceeded,
                        $"More than {options.MaxPermutations} blank-node permutations were examined; the dataset is too symmetric to canonicalize within the limit.");
                }

                var permutation = permuter.Current;
                var issuerCopy = issuer.Clone();
                var path = string.Empty;
                List<int>? recursionList = null;
                var skip = false;
                foreach (var node in permutation)
                {
                    if (canonicalIds[node] >= 0)
                    {
                        path += "_:" + CanonicalLabel(node);
                    }
                    else
                    {
                        if (issuerCopy.IndexOf(node) < 0)
                        {
                            (recursionList ??= []).Add(node);
                        }

                        path += "_:b" + issuerCopy.Issue(node).ToString(CultureInfo.InvariantCulture);
                    }

                    // A path already greater than the chosen one can only grow greater (RDFC-1.0 step 5.4.4.3).
                    if (chosenPath is not null && string.CompareOrdinal(path, chosenPath) > 0)
                    {
                        skip = true;
                        break;
                    }
                }

                if (!skip && recursionList is not null)
                {
                    foreach (var node in recursionList)
                    {
                        var result = HashNDegreeQuads(node, issuerCopy);
                        path += "_:b" + issuerCopy.Issue(node).ToString(CultureInfo.InvariantCulture) + "<" + result.Hash + ">";
                        issuerCopy = result.Issuer;
                        if (chosenPath is not null && string.CompareOrdinal(path, chosenPath) > 0)
                        {
                            skip = true;
                            break;
                        }
                    }
                }

                if (skip)
                {
                    continue;
                }

                if (chosenPath is null || string.CompareOrdinal(path, chosenPath) < 0)
                {
                    chosenPath = path;
                    chosenIssuer = issuerCopy;
                }
            }

            data.AppendAscii(chosenPath!);
            issuer = chosenIssuer!;
        }

        Span<byte> digest = stackalloc byte[Rdfc10.HashSize(options.HashAlgorithm)];
        Hash(data.Written, digest);
        return (Rdfc10.ToHexLower(digest), issuer);

        void AddRelated(int slot, int position, int q)
        {
            if (slot >= 0 || ~slot == id)
            {
                return;
            }

            var node = ~slot;
            related.Add((HashRelatedBlankNode(node, q, issuer, position), node, related.Count));
        }
    }

    /// <summary>Writes the canonical lines sorted into <c>joined</c>; false when two input quads are equal.</summary>
    private bool SortLines()
    {
        EnsureRanges(quadCount);
        scratch.Clear();
        for (var q = 0; q < quadCount; q++)
        {
            var start = scratch.Length;
            WriteLine(q, -1, canonical: true);
            ranges[q] = new LineRange(start, scratch.Length - start, q);
        }

        Array.Sort(ranges, 0, quadCount, lineComparer);

        // Equal input quads, and only they, give equal canonical lines: checking neighbours after the sort
        // spares every dataset without duplicates (nearly all) a hash set of quads.
        for (var i = 1; i < quadCount; i++)
        {
            if (lineComparer.Compare(ranges[i - 1], ranges[i]) == 0)
            {
                return false;
            }
        }

        joined.Clear();
        for (var i = 0; i < quadCount; i++)
        {
            var r = ranges[i];
            joined.Append(scratch.Slice(r.Offset, r.Length));
        }

        return true;
    }

    private CanonicalizationResult? BuildResult()
    {
        if (!SortLines())
        {
            return null;
        }

        var canonicalQuads = new Quad[quadCount];
        var bnodeTerms = new RdfTerm[BlankNodeCount];
        for (var i = 0; i < quadCount; i++)
        {
            var r = ranges[i];
            var quad = quads[r.Index];
            var baseSlot = r.Index * 4;
            canonicalQuads[i] = new Quad(
                Relabel(quad.Subject, slots[baseSlot]),
                quad.Predicate,
                Relabel(quad.Object, slots[baseSlot + 2]),
                Relabel(quad.Graph, slots[baseSlot + 3]));
        }

        var issued = new Dictionary<string, string>(canonicalOrder.Count, StringComparer.Ordinal);
        foreach (var b in canonicalOrder)
        {
            issued.Add(labels[b], CanonicalLabel(b));
        }

        var nquads = System.Text.Encoding.UTF8.GetString(joined.Written);
        return new CanonicalizationResult(nquads, canonicalQuads, issued);

        RdfTerm Relabel(in RdfTerm term, int slot)
        {
            if (slot >= 0 || slot == DefaultGraphSlot)
            {
                return term;
            }

            var b = ~slot;
            if (bnodeTerms[b].Value is null)
            {
                bnodeTerms[b] = RdfTerm.BlankNode(CanonicalLabel(b));
            }

            return bnodeTerms[b];
        }
    }

    private readonly record struct LineRange(int Offset, int Length, int Index);

    /// <summary>Orders lines by their UTF-8 bytes, which is Unicode code point order.</summary>
    private sealed class LineComparer(Utf8Buffer buffer) : IComparer<LineRange>
    {
        public int Compare(LineRange x, LineRange y) =>
            buffer.Slice(x.Offset, x.Length).SequenceCompareTo(buffer.Slice(y.Offset, y.Length));
    }

    /// <summary>
    /// A temporary identifier issuer (prefix <c>b</c>): the issued identifier of a blank node is its index in
    /// <see cref="Order"/>. Cloned for every permutation, so it is one small array; lookups scan it, which beats
    /// hashing at the handful of entries real datasets produce (poison graphs are stopped by the work budget).
    /// </summary>
    private sealed class TempIssuer
    {
        private int[] order;

        public TempIssuer()
        {
            order = new int[4];
        }

        private TempIssuer(TempIssuer other)
        {
            order = other.Count == 0 ? new int[4] : other.order[..Math.Max(other.Count, 4)];
            Count = other.Count;
        }

        public int Count { get; private set; }

        /// <summary>Blank node ids in the order they were issued identifiers.</summary>
        public ReadOnlySpan<int> Order => order.AsSpan(0, Count);

        /// <summary>The issued identifier number of <paramref name="b"/>, or -1.</summary>
        public int IndexOf(int b) => order.AsSpan(0, Count).IndexOf(b);

        public int Issue(int b)
        {
            var existing = IndexOf(b);
            if (existing >= 0)
            {
                return existing;
            }

            if (Count == order.Length)
            {
                Array.Resize(ref order, order.Length * 2);
            }

            order[Count] = b;
            return Count++;
        }

        public TempIssuer Clone() => new(this);
    }

    /// <summary>
    /// Steinhaus–Johnson–Trotter permutations over the list sorted by blank-node label, in exactly the order
    /// rdf-canonize produces them: when two permutations give the same path the first one wins, and that choice
    /// shows in the issued identifiers map.
    /// </summary>
    private struct Permuter
    {
        private readonly int[] current;
        private readonly List<string> labels;
        private readonly Dictionary<int, bool>? left;
        private bool done;

        public Permuter(int[] list, List<string> labels)
        {
            this.labels = labels;
            current = list;
            done = false;
            Current = [];
            if (list.Length < 2)
            {
                // One blank node has one permutation: no direction bookkeeping.
                left = null;
                return;
            }

            Array.Sort(current, (x, y) => string.CompareOrdinal(labels[x], labels[y]));
            left = [];
            foreach (var e in current)
            {
                left[e] = true;
            }

            done = false;
            Current = [];
        }

        public int[] Current { get; private set; }

        public bool MoveNext()
        {
            if (done)
            {
                return false;
            }

            if (left is null)
            {
                Current = current;
                done = true;
                return true;
            }

            Current = (int[])current.Clone();
            var k = -1;
            var pos = 0;
            var length = current.Length;
            for (var i = 0; i < length; i++)
            {
                var element = current[i];
                var isLeft = left[element];
                if ((k < 0 || Greater(element, k))
                    && ((isLeft && i > 0 && Greater(element, current[i - 1]))
                        || (!isLeft && i < length - 1 && Greater(element, current[i + 1]))))
                {
                    k = element;
                    pos = i;
                }
            }

            if (k < 0)
            {
                done = true;
            }
            else
            {
                var swap = left[k] ? pos - 1 : pos + 1;
                current[pos] = current[swap];
                current[swap] = k;
                foreach (var element in current)
                {
                    if (Greater(element, k))
                    {
                        left[element] = !left[element];
                    }
                }
            }

            return true;
        }

        private readonly bool Greater(int x, int y) => string.CompareOrdinal(labels[x], labels[y]) > 0;
    }
}
