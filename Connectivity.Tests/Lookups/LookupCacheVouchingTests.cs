using Connectivity.Api.Lookups;
using Microsoft.Extensions.Options;

namespace Connectivity.Tests.Lookups;

/// <summary>When the in-process index may answer, and when a lookup must go to PostgreSQL instead.</summary>
public sealed class LookupCacheVouchingTests
{
    private const string Number = "+14158867900";
    private readonly ManualClock _clock = new();
    private readonly LookupCache _cache;

    public LookupCacheVouchingTests() =>
        _cache = new LookupCache(Options.Create(new LookupCacheOptions { StalenessBoundMilliseconds = 1000 }), _clock);

    [Fact]
    public void An_index_that_is_not_loaded_answers_nothing()
    {
        Assert.False(_cache.TryFindDid(Number, out _));
        Assert.False(_cache.Loaded.IsCompleted);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(999, true)]
    [InlineData(1001, false)]
    [InlineData(60_000, false)]
    public void An_index_answers_only_within_the_bound_after_it_last_confirmed_with_the_log(int elapsedMilliseconds, bool answers)
    {
        LoadOneDocument();

        _clock.Advance(TimeSpan.FromMilliseconds(elapsedMilliseconds));

        Assert.Equal(answers, _cache.TryFindDid(Number, out _));
    }

    [Fact]
    public void After_a_write_ends_the_index_answers_only_once_a_log_read_begun_after_it_has_confirmed()
    {
        LoadOneDocument();
        var readBeforeTheWrite = (_clock.GetTimestamp(), _cache.WritesAcknowledged);

        _cache.WriteEnded();
        Assert.False(_cache.TryFindDid(Number, out _));
        _cache.Confirm(readBeforeTheWrite.Item1, readBeforeTheWrite.WritesAcknowledged);
        Assert.False(_cache.TryFindDid(Number, out _));
        _cache.Confirm(_clock.GetTimestamp(), _cache.WritesAcknowledged);

        Assert.True(_cache.TryFindDid(Number, out var hit));
        Assert.Equal("doc", hit!.DocumentId);
    }

    [Fact]
    public void A_number_moved_to_another_document_is_never_missing_and_a_deleted_document_answers_not_found()
    {
        LoadOneDocument();

        _cache.Apply(2, new Dictionary<string, IndexedDocument?>
        {
            ["doc"] = Document("doc", []),
            ["other"] = Document("other", [(Number, 0)]),
        });
        Assert.True(_cache.TryFindDid(Number, out var moved));
        Assert.Equal("other", moved!.DocumentId);

        _cache.Apply(3, new Dictionary<string, IndexedDocument?> { ["other"] = null });
        Assert.True(_cache.TryFindDid(Number, out var deleted));
        Assert.Null(deleted);
        Assert.Equal(3, _cache.Position);
    }

    [Fact]
    public void An_index_that_applied_only_part_of_the_log_answers_nothing_until_a_read_to_the_end_confirms()
    {
        LoadOneDocument();

        // The first read stops before the transaction that gives the number to "other", but already shows "doc" without it.
        _cache.Apply(2, new Dictionary<string, IndexedDocument?> { ["doc"] = Document("doc", []) }, complete: false);
        Assert.False(_cache.TryFindDid(Number, out _));
        _cache.Confirm(_clock.GetTimestamp(), _cache.WritesAcknowledged);
        Assert.True(_cache.TryFindDid(Number, out _));

        _cache.Apply(3, new Dictionary<string, IndexedDocument?> { ["other"] = Document("other", [(Number, 0)]) }, complete: false);
        _cache.Apply(4, new Dictionary<string, IndexedDocument?>());
        _cache.Confirm(_clock.GetTimestamp(), _cache.WritesAcknowledged);

        Assert.True(_cache.TryFindDid(Number, out var hit));
        Assert.Equal("other", hit!.DocumentId);
    }

    [Fact]
    public async Task A_reader_never_finds_a_number_missing_while_batches_move_it_back_and_forth_between_documents()
    {
        LoadOneDocument();
        var missing = 0;
        using var stop = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            reading.Set();
            while (!stop.IsCancellationRequested)
                if (_cache.TryFindDid(Number, out var hit) && hit is null) Interlocked.Increment(ref missing);
        });

        reading.Wait();
        for (var position = 2; position < 200_000; position++)
        {
            var (losing, gaining) = position % 2 == 0 ? ("doc", "other") : ("other", "doc");
            // The document losing the number comes first in the batch.
            _cache.Apply(position, new Dictionary<string, IndexedDocument?>
            {
                [losing] = Document(losing, []),
                [gaining] = Document(gaining, [(Number, 0)]),
            });
        }
        await stop.CancelAsync();
        await reader;

        Assert.Equal(0, missing);
    }

    private void LoadOneDocument()
    {
        _cache.Load(1, [Document("doc", [(Number, 0)])]);
        _cache.Confirm(_clock.GetTimestamp(), _cache.WritesAcknowledged);
    }

    private static IndexedDocument Document(string id, (string, int)[] dids) =>
        new(id, "account", """{"servers":[]}"""u8.ToArray(), [.. dids.Select(d => (DidKey.TryParse(d.Item1, out var key) ? key : throw new ArgumentException(d.Item1), d.Item2))], [], []);

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.FromHours(1).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
