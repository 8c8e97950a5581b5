using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Server.Tests.Quality.Transcription;

public sealed class EnglishTextNormalizerTests
{
    [Theory]
    // case, punctuation, whitespace
    [InlineData("Hello, World!", "hello world")]
    [InlineData("  Is it   \"quoted\"?\n Yes; it is...  ", "is it quoted yes it is")]
    [InlineData("", "")]
    [InlineData("?!…", "")]
    // hyphens and dashes split words
    [InlineData("A state-of-the-art studio", "a state of the art studio")]
    [InlineData("Wait—no – stop", "wait no stop")]
    // contractions
    [InlineData("I won't go", "i will not go")]
    [InlineData("You can't and I cannot", "you can not and i can not")]
    [InlineData("They don't, she isn't, we couldn't", "they do not she is not we could not")]
    [InlineData("We're here, you'll see, I've been, I'm done, she'd know", "we are here you will see i have been i am done she would know")]
    [InlineData("Let's go", "let us go")]
    [InlineData("It's late and that's fine; what's next?", "it is late and that is fine what is next")]
    [InlineData("I don\u2019t know", "i do not know")]
    // possessives keep their s, matching a transcript without the apostrophe
    [InlineData("John's car", "johns car")]
    [InlineData("The dogs' bowls", "the dogs bowls")]
    // spelled-out numbers to digits
    [InlineData("twenty five", "25")]
    [InlineData("twenty-five people", "25 people")]
    [InlineData("one hundred and three", "103")]
    [InlineData("two thousand and five", "2005")]
    [InlineData("three thousand four hundred fifty six", "3456")]
    [InlineData("one million two hundred thousand", "1200000")]
    [InlineData("in nineteen ninety five", "in 1995")]
    [InlineData("twenty twenty four", "2024")]
    [InlineData("nineteen hundred", "1900")]
    [InlineData("a hundred times", "100 times")]
    [InlineData("five million", "5000000")]
    [InlineData("5 million", "5000000")]
    [InlineData("1.5 billion", "1500000000")]
    [InlineData("three point one four", "3.14")]
    [InlineData("zero", "0")]
    [InlineData("one two three", "1 2 3")]
    [InlineData("one and two", "1 and 2")]
    [InlineData("one hundred and", "100 and")]
    [InlineData("hundreds of them", "hundreds of them")]
    // ordinals
    [InlineData("the first time", "the 1st time")]
    [InlineData("the twenty-first century", "the 21st century")]
    [InlineData("second, third, fourth", "2nd 3rd 4th")]
    [InlineData("eleventh twelfth thirteenth", "11th 12th 13th")]
    [InlineData("the one hundred and first", "the 101st")]
    [InlineData("twentieth", "20th")]
    // digits
    [InlineData("1,000 people", "1000 people")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("It costs 3.50.", "it costs 3.50")]
    [InlineData("1, 2, 3", "1 2 3")]
    // percent, currency, symbols
    [InlineData("5% off", "5 percent off")]
    [InlineData("five percent off", "5 percent off")]
    [InlineData("5 per cent", "5 percent")]
    [InlineData("$5", "5 dollars")]
    [InlineData("$1", "1 dollar")]
    [InlineData("$2.5 million", "2500000 dollars")]
    [InlineData("\u00a320", "20 pounds")]
    [InlineData("Salt & pepper", "salt and pepper")]
    // titles, initialisms, accents
    [InlineData("Mr. Smith and Dr. Jones", "mister smith and doctor jones")]
    [InlineData("The U.S. economy", "the us economy")]
    [InlineData("U.S.A. and the U.K.", "usa and the uk")]
    [InlineData("At 9 a.m., e.g. today", "at 9 am eg today")]
    [InlineData("See file.txt", "see file txt")]
    [InlineData("OK", "okay")]
    [InlineData("Caf\u00e9 na\u00efve", "cafe naive")]
    [InlineData("CAF\u00c9", "cafe")]
    [InlineData("Cafe\u0301", "cafe")]
    // hesitations and ASR annotations
    [InlineData("Um, I uh think hmm so", "i think so")]
    [InlineData("[BLANK_AUDIO]", "")]
    [InlineData("(upbeat music) Hello <noise> there", "hello there")]
    public void Normalizes(string text, string expected) => Assert.Equal(expected, EnglishTextNormalizer.Normalize(text));

    [Theory]
    [InlineData("The meeting is at 3:30 on the 21st.", "the meeting is at three thirty on the twenty-first")]
    [InlineData("We sold 1,500 units in 2024.", "We sold one thousand five hundred units in twenty twenty four.")]
    [InlineData("It's 25% cheaper, isn't it?", "it is twenty five percent cheaper is not it")]
    [InlineData("Mr. O'Brien paid $5.", "mister o'brien paid five dollars")]
    public void Written_and_spoken_forms_of_the_same_sentence_agree(string written, string spoken) =>
        Assert.Equal(EnglishTextNormalizer.Normalize(written), EnglishTextNormalizer.Normalize(spoken));
}
