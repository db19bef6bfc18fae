namespace HeaderGen;

/// <summary>Why a header could not be read or written.</summary>
public enum HeaderErrorReason
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The buffer ends before the header's fixed part does.</summary>
    Truncated,

    /// <summary>A field declared with <see cref="ConstantAttribute"/> holds another value.</summary>
    BadConstant,

    /// <summary>The header length field gives a length shorter than the fixed part.</summary>
    LengthFieldTooSmall,

    /// <summary>The header length field gives a length longer than the buffer.</summary>
    LengthBeyondBuffer,

    /// <summary>The destination buffer is shorter than the header to write.</summary>
    DestinationTooSmall,

    /// <summary>A value does not fit in its field's bit width.</summary>
    ValueOutOfRange,

    /// <summary>The options given to a writer are not as long as the header length field says.</summary>
    OptionsLengthMismatch,

    /// <summary>
    /// An optional field (<see cref="PresentWhenAttribute"/>) holds a value while the field that governs it says it is
    /// absent, or holds none while it says present.
    /// </summary>
    PresenceMismatch,
}
