package io.redline.analysis.tagging;

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
        assertThat(Languages.decide(null, "Россия и Белоруссия начали учения у границы с Польшей, сообщило министерство."))
                .isEqualTo("ru");
        assertThat(Languages.decide("und", "Росія та Білорусь розпочали навчання біля кордону з Польщею, повідомило міністерство."))
                .isEqualTo("uk");
        assertThat(Languages.decide("", "Le gouvernement a annoncé de nouvelles sanctions contre les banques du pays."))
                .isEqualTo("fr");
        assertThat(Languages.decide(null, "Die Regierung hat neue Sanktionen gegen die Banken des Landes beschlossen."))
                .isEqualTo("de");
        assertThat(Languages.decide(null, "El gobierno anunció nuevas sanciones contra los bancos del país por la guerra."))
                .isEqualTo("es");
        assertThat(Languages.decide(null, "The government announced new sanctions on the banks of the country."))
                .isEqualTo("en");
    }

    @Test
    void textWithoutEnoughEvidenceStaysUndetermined() {
        assertThat(Languages.decide(null, "Kyiv, 12:00")).isEqualTo(Languages.UNDETERMINED);
        assertThat(Languages.decide(null, "")).isEqualTo(Languages.UNDETERMINED);
        assertThat(Languages.tagged("und")).isTrue();
        assertThat(Languages.tagged("it")).isFalse();
    }
}
