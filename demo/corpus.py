"""Benchmark text with the selectivity of real writing: words drawn from a vocabulary of
thousands with a Zipf distribution (a few words in most posts, most words in a few), so a
search for a common word finds most posts and one for a rare word finds a handful.

The vocabulary is made here, deterministically, and never downloaded: English function
words first (the most frequent, as in any English text), then the blogs' own words, then
pronounceable made-up words ("tovelan", "brisket"-like) to make up the long tail. The same
seed gives the same vocabulary, so a benchmark can draw its queries from it.
"""

import itertools
import random


def words(text):
    """A word list written as text, which reads better than a list of strings."""
    return text.split()


# The most frequent words of English, in about their order of frequency.
FUNCTION_WORDS = words(
    "the of and to a in is that for it as was with on be by this are at from or an have not "
    "which but we they all their has were can our will more one been there when who would "
    "its what so about up out if into than them some could these other new time only over "
    "also after then first two way may most such through where before how any between"
)

# The blogs' own words: the frequent content words of a government technology blog.
DOMAIN_WORDS = words(
    "service user research team government digital data open source security cloud "
    "platform accessibility design content delivery policy agile standards code review "
    "pipeline assessment department citizens guidance network architecture testing "
    "performance privacy identity payments notify publishing archive migration coding "
    "people public work project support system information process online services users "
    "teams product technology change needs approach help problem working learning "
    "community skills health local council tax benefits licence passport form forms "
    "prototype discovery alpha beta live roadmap backlog sprint retrospective show tell "
    "infrastructure hosting monitoring incident release deployment api apis registers "
    "interoperability procurement contract supplier spending budget funding strategy "
    "transformation leadership training mentoring recruitment career civil servant "
    "ministers parliament legislation consultation feedback survey interview analytics "
    "metrics dashboard statistics evidence insight outcome impact value cost benefit"
)

# Phrases a post may contain whole, so that phrase searches find real matches.
PHRASES = (
    "coding in the open",
    "user research",
    "open source",
    "service standard",
    "show and tell",
    "data protection",
    "cloud first",
    "digital by default",
    "agile delivery",
    "content design",
)

ONSETS = words(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sl sp st t th tr "
    "v w z"
)
VOWELS = words("a e i o u a e i o ai ea ee oo ou")
CODAS = ["", "", "", "n", "r", "l", "s", "t", "nd", "st", "m", "ck", "x"]

VOCABULARY_SIZE = 8000
EXPONENT = 1.05  # Zipf's s: about what word counts of English prose follow


def made_up_words(rng):
    """Pronounceable words of two or three syllables, never the same twice."""
    seen = set(FUNCTION_WORDS) | set(DOMAIN_WORDS)
    while True:
        syllables = rng.choice((2, 2, 3))
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        if word not in seen and 4 <= len(word) <= 12:
            seen.add(word)
            yield word


class Corpus:
    """Words, sentences, titles and summaries drawn with a fixed seed."""

    def __init__(self, seed=2017, size=VOCABULARY_SIZE):
        vocabulary_rng = random.Random(f"vocabulary-{seed}")  # noqa: S311 - sample text
        head = FUNCTION_WORDS + DOMAIN_WORDS
        tail = itertools.islice(made_up_words(vocabulary_rng), max(0, size - len(head)))
        self.words = head + list(tail)
        self.cumulative = list(
            itertools.accumulate(1 / rank**EXPONENT for rank in range(1, len(self.words) + 1))
        )
        self.rng = random.Random(seed)  # noqa: S311 - sample text, not secrets

    def reseed(self, seed):
        self.rng.seed(seed)

    def draw(self, count):
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, count=14):
        words = self.draw(count)
        if self.rng.random() < 0.15:  # now and then a phrase the blogs use
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(PHRASES))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def title(self, count=6):
        """Titles carry content words: the function words are left to sentences."""
        words = [w for w in self.draw(count * 2) if w not in FUNCTION_WORDS][:count]
        text = " ".join(words or self.draw(count))
        return text[0].upper() + text[1:]

    def summary(self, limit=160):
        return self.sentence(24)[:limit].rstrip(" .") + "."

    def rank_of(self, word):
        return self.words.index(word)
