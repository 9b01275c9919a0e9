using System.Collections.Concurrent;
using System.Text.Json;
using Connectivity.Domain.Documents;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Lookups;

/// <summary>
/// The lookup tables in memory: every live document's body and keys, loaded at start and kept current from the change
/// log by <see cref="LookupCacheFollower"/>. It answers only while it can vouch for its answers, that is once loaded,
/// when it has read the log past every write this replica acknowledged (read-your-writes), and when it confirmed with
/// the log within <see cref="LookupCacheOptions.StalenessBoundMilliseconds"/>; otherwise the caller asks PostgreSQL.
/// One writer (the follower), any number of readers.
/// </summary>
public sealed class LookupCache(IOptions<LookupCacheOptions> options, TimeProvider clock)
{
    // One lock for the four maps: a batch of changes is applied whole while lookups wait (microseconds), so a number
    // moving between documents is never seen missing or twice. Plain dictionaries keep a million numbers in flat
    // arrays rather than a million node objects.
    private readonly Lock _lock = new();
    private Dictionary<DidKey, Entry> _dids = [];
    private Dictionary<(string Realm, string Username), Entry> _credentials = [];
    private Dictionary<string, Entry> _ips = new(StringComparer.Ordinal);
    private Dictionary<string, IndexedDocument> _documents = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _bound = TimeSpan.FromMilliseconds(options.Value.StalenessBoundMilliseconds);
    private long _writesAcknowledged;
    private long _writesCovered;
    private long _confirmedAt;
    private volatile bool _partlyApplied;

    private readonly record struct Entry(IndexedDocument Document, int ServerIndex);

    /// <summary>Completes once the index is loaded.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The change log position the index reflects.</summary>
    public long Position { get; private set; }

    public int DidCount
    {
        get
        {
            lock (_lock) return _dids.Count;
        }
    }

    /// <summary>
    /// Call after a write's transaction ended (committed, or perhaps committed): until the follower has read the log
    /// past this moment, lookups here go to PostgreSQL, so the replica that acknowledged a write answers with it.
    /// </summary>
    public void WriteEnded() => Interlocked.Increment(ref _writesAcknowledged);

    /// <summary>
    /// Call after a write's transaction committed: the lookup keys it gave the document at <paramref name="revision"/>.
    /// The follower then reads back only the document's body, not its lookup rows (thousands for a large trunk), when
    /// the body it reads is still at that revision. Kept until a log read that began after the hand-over has ended.
    /// </summary>
    public void Written(string documentId, int revision, DocumentIndex index)
    {
        if (!_following || _written.Count >= MaxWrittenKept) return;
        var dids = new List<(DidKey, int)>(index.Dids.Count);
        foreach (var did in index.Dids)
            if (DidKey.TryParse(did.Number, out var key)) dids.Add((key, did.ServerIndex));
        _written[documentId] = new WrittenKeys(revision, dids,
            [.. index.Credentials.Select(c => (c.Realm, c.Username, c.ServerIndex))], [.. index.Ips.Select(i => (i.Address, i.ServerIndex))],
            Interlocked.Increment(ref _handOvers));
    }

    // Without a follower nothing would ever let go of them; past this many the follower reads the keys as it always can.
    private const int MaxWrittenKept = 10_000;
    private readonly bool _following = options.Value.Enabled;
    private readonly ConcurrentDictionary<string, WrittenKeys> _written = new(StringComparer.Ordinal);
    private long _handOvers;

    /// <summary>The count of hand-overs so far: pass it to <see cref="ForgetWritten"/> after a log read that starts now.</summary>
    internal long HandOvers => Volatile.Read(ref _handOvers);

    /// <summary>The keys handed over for these documents, by id.</summary>
    internal Dictionary<string, WrittenKeys> WrittenKeysOf(IEnumerable<string> documentIds)
    {
        var handed = new Dictionary<string, WrittenKeys>(StringComparer.Ordinal);
        foreach (var id in documentIds)
            if (_written.TryGetValue(id, out var keys)) handed[id] = keys;
        return handed;
    }

    /// <summary>
    /// Drops what was handed over up to <paramref name="handOvers"/>: those writes committed before a log read that has
    /// now read the log to its end, so the read met them (and used their keys or read newer ones).
    /// </summary>
    internal void ForgetWritten(long handOvers)
    {
        foreach (var entry in _written)
            if (entry.Value.HandOver <= handOvers) _written.TryRemove(entry);
    }

    /// <summary>True when the answers in memory are current within the rules above.</summary>
    public bool Vouches =>
        _loaded.Task.IsCompleted
        && Volatile.Read(ref _writesCovered) >= Volatile.Read(ref _writesAcknowledged)
        && !_partlyApplied
        && clock.GetElapsedTime(Volatile.Read(ref _confirmedAt)) <= _bound;

    /// <summary>False when the caller must ask PostgreSQL; else <paramref name="hit"/> is the answer (null: not found).</summary>
    public bool TryFindDid(string e164, out LookupHit? hit)
    {
        if (DidKey.TryParse(e164, out var key)) return TryFind(static cache => cache._dids, key, out hit);
        hit = null;
        return Vouches;
    }

    /// <param name="realm">Lower-cased, as the credentials table holds it.</param>
    /// <param name="username">Lower-cased.</param>
    public bool TryFindCredential(string realm, string username, out LookupHit? hit) => TryFind(static cache => cache._credentials, (realm, username), out hit);

    public bool TryFindIp(string canonicalIp, out LookupHit? hit) => TryFind(static cache => cache._ips, canonicalIp, out hit);

    /// <param name="keys">Read under the lock: <see cref="Load"/> swaps the maps.</param>
    private bool TryFind<TKey>(Func<LookupCache, Dictionary<TKey, Entry>> keys, TKey key, out LookupHit? hit) where TKey : notnull
    {
        hit = null;
        if (!Vouches) return false;
        Entry entry;
        bool found;
        lock (_lock) found = keys(this).TryGetValue(key, out entry);
        if (found) hit = new LookupHit(entry.Document.AccountId, entry.Document.Id, entry.ServerIndex, JsonDocument.Parse(entry.Document.Body));
        return true;
    }

    /// <summary>The acknowledged-writes count to pass to <see cref="Confirm"/> for a log read that starts now.</summary>
    internal long WritesAcknowledged => Volatile.Read(ref _writesAcknowledged);

    /// <summary>Replaces everything with a consistent snapshot taken at <paramref name="position"/>.</summary>
    internal void Load(long position, IReadOnlyList<IndexedDocument> documents)
    {
        var dids = new Dictionary<DidKey, Entry>(documents.Sum(d => d.Dids.Count));
        var credentials = new Dictionary<(string, string), Entry>();
        var ips = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var byId = new Dictionary<string, IndexedDocument>(documents.Count, StringComparer.Ordinal);
        foreach (var document in documents)
        {
            byId[document.Id] = document;
            Add(document, dids, credentials, ips);
        }
        lock (_lock)
        {
            (_dids, _credentials, _ips, _documents) = (dids, credentials, ips, byId);
            Position = position;
        }
    }

    /// <summary>Applies the current state of the documents the log named since the last position (null: deleted).</summary>
    /// <param name="complete">
    /// False when the log holds more after <paramref name="position"/>: the states read may then already show later
    /// transactions whose other documents are not applied yet, so the index answers nothing until a read that reaches
    /// the log's end is confirmed.
    /// </param>
    internal void Apply(long position, IReadOnlyDictionary<string, IndexedDocument?> documents, bool complete = true)
    {
        lock (_lock)
        {
            if (!complete) _partlyApplied = true;
            Apply(documents);
            Position = position;
        }
    }

    /// <summary>
    /// Every new key is written before any old one is removed, and an old key goes only while it still points into the
    /// version it came from: a number that moved to another document of the batch stays with it.
    /// </summary>
    private void Apply(IReadOnlyDictionary<string, IndexedDocument?> documents)
    {
        var replaced = new List<IndexedDocument>();
        foreach (var (id, document) in documents)
        {
            if (_documents.TryGetValue(id, out var previous)) replaced.Add(previous);
            if (document is null)
            {
                _documents.Remove(id);
                continue;
            }
            _documents[id] = document;
            Add(document, _dids, _credentials, _ips);
        }
        foreach (var previous in replaced)
        {
            foreach (var (number, _) in previous.Dids) RemoveIfStill(_dids, number, previous);
            foreach (var (realm, username, _) in previous.Credentials) RemoveIfStill(_credentials, (realm, username), previous);
            foreach (var (address, _) in previous.Ips) RemoveIfStill(_ips, address, previous);
        }
    }

    private static void Add(IndexedDocument document, Dictionary<DidKey, Entry> dids,
        Dictionary<(string, string), Entry> credentials, Dictionary<string, Entry> ips)
    {
        foreach (var (number, server) in document.Dids) dids[number] = new Entry(document, server);
        foreach (var (realm, username, server) in document.Credentials) credentials[(realm, username)] = new Entry(document, server);
        foreach (var (address, server) in document.Ips) ips[address] = new Entry(document, server);
    }

    /// <summary>Removes a key only while it still points into the version being replaced: not if re-added or moved.</summary>
    private static void RemoveIfStill<TKey>(Dictionary<TKey, Entry> keys, TKey key, IndexedDocument previous) where TKey : notnull
    {
        if (keys.TryGetValue(key, out var entry) && ReferenceEquals(entry.Document, previous)) keys.Remove(key);
    }

    /// <summary>
    /// The log was read to its end in a snapshot taken after <paramref name="startedAt"/> (a <see cref="TimeProvider"/>
    /// timestamp), which covers every write acknowledged before <paramref name="writesAcknowledged"/> was read.
    /// </summary>
    internal void Confirm(long startedAt, long writesAcknowledged)
    {
        Volatile.Write(ref _confirmedAt, startedAt);
        Volatile.Write(ref _writesCovered, writesAcknowledged);
        _partlyApplied = false;
        _loaded.TrySetResult();
    }
}

/// <summary>The lookup keys a committed write gave a document at <see cref="Revision"/>; <see cref="HandOver"/> orders the hand-overs.</summary>
internal sealed record WrittenKeys(
    int Revision, IReadOnlyList<(DidKey Number, int Server)> Dids,
    IReadOnlyList<(string Realm, string Username, int Server)> Credentials,
    IReadOnlyList<(string Address, int Server)> Ips, long HandOver);

/// <summary>
/// A live document as the lookups read it: its body (UTF-8 JSON, half the memory of a string) and the keys its
/// servers hold, with the server index.
/// </summary>
public sealed record IndexedDocument(
    string Id, string AccountId, ReadOnlyMemory<byte> Body,
    IReadOnlyList<(DidKey Number, int Server)> Dids,
    IReadOnlyList<(string Realm, string Username, int Server)> Credentials,
    IReadOnlyList<(string Address, int Server)> Ips);
