namespace Connectivity.Tests.Infrastructure;

/// <summary>What the code under test writes to <see cref="Console.Out"/> and <see cref="Console.Error"/> while the capture lives.</summary>
public sealed class ConsoleCapture : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;

    public ConsoleCapture()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    public string Out => _out.ToString();

    public string Error => _error.ToString();

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
    }
}

/// <summary>Test classes that capture the console, which is one per process: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "Console capture";
}
