using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>A document ready to store (coerced, normalised, defaults written) and what it puts in the lookup tables.</summary>
public sealed record PreparedDocument(JsonObject Body, DocumentIndex Index, ValidationErrors Errors);

/// <summary>
/// Everything a candidate document goes through before it is stored, in Kazoo's order: lenient coercion,
/// then defaults and the schema, then the checks the schema cannot express (SIP syntax and document size
/// included). All errors are collected.
/// </summary>
public sealed class DocumentPipeline(Numbers.PhoneNumbers numbers, DocumentLimits limits)
{
    public PreparedDocument Prepare(JsonObject candidate)
    {
        var document = (JsonObject)candidate.DeepClone();
        SchemaCoercion.Coerce(document);
        var errors = new ValidationErrors();
        errors.AddRange(DidKeys.Normalize(document, numbers));
        SchemaDefaults.Apply(document);
        errors.AddRange(SchemaValidator.Validate(document));
        errors.AddRange(SemanticChecks.Check(document, numbers));
        errors.AddRange(SipSafety.Check(document));
        errors.AddRange(DocumentSize.Check(document, limits));
        var index = DocumentIndex.Of(document);
        errors.AddRange(index.Conflicts);
        return new PreparedDocument(document, index, errors);
    }
}
