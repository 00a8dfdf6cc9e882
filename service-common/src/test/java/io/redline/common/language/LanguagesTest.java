package io.redline.common.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an article's language is decided: declared first, else detected among the tagged languages. */
class LanguagesTest {

    @Test
    void declaredLanguageWinsAndRegionSubtagsAreDropped() {
        assertThat(Languages.decide("en-GB", "Москва заявила")).isEqualTo("en");
        assertThat(Languages.decide("FR_ca", "anything")).isEqualTo("fr");
        assertThat(Languages.decide("it", "Roma")).isEqualTo("it");
    }

    @Test
    void undeclaredTextIsDetectedAmongTheTaggedLanguages() {
        assertThat(Languages.decide(
                        null, "Россия и Белоруссия начали учения у границы с Польшей, сообщило министерство."))
                .isEqualTo("ru");
        assertThat(Languages.decide(
                        "und", "Росія та Білорусь розпочали навчання біля кордону з Польщею, повідомило міністерство."))
                .isEqualTo("uk");
        assertThat(Languages.decide("", "Le gouvernement a annoncé de nouvelles sanctions contre les banques du pays."))
                .isEqualTo("fr");
        assertThat(Languages.decide(null, "Die Regierung hat neue Sanktionen gegen die Banken des Landes beschlossen."))
                .isEqualTo("de");
        assertThat(Languages.decide(
                        null, "El gobierno anunció nuevas sanciones contra los bancos del país por la guerra."))
                .isEqualTo("es");
        assertThat(Languages.decide(null, "The government announced new sanctions on the banks of the country."))
                .isEqualTo("en");
    }

    @Test
    void aFeedDeclaringOneLanguageForEverythingIsOverruledByAClearlyDifferentText() {
        String russian = "Министерство обороны России сообщило, что войска продолжают наступление на нескольких"
                + " направлениях, а переговоры о прекращении огня пока не начались.";
        assertThat(Languages.decide("en-US", russian)).isEqualTo("ru");
        String french =
                "Le ministre a indiqué que la France ne livrera pas de nouveaux missiles à l'Ukraine avant la fin"
                        + " des discussions avec ses partenaires, selon un communiqué publié par le ministère.";
        assertThat(Languages.decide("en", french)).isEqualTo("fr");
        // A few foreign words are not enough: "en" stays "en".
        assertThat(Languages.decide(
                        "en", "The Kremlin said the so-called 'spetsoperatsiya' would go on, le chef said."))
                .isEqualTo("en");
        // A language the tagger does not read is kept as declared.
        assertThat(Languages.decide("it", french)).isEqualTo("it");
    }

    @Test
    void textWithoutEnoughEvidenceStaysUndetermined() {
        assertThat(Languages.decide(null, "Kyiv, 12:00")).isEqualTo(Languages.UNDETERMINED);
        assertThat(Languages.decide(null, "")).isEqualTo(Languages.UNDETERMINED);
        assertThat(Languages.tagged("und")).isTrue();
        assertThat(Languages.tagged("it")).isFalse();
    }
}
