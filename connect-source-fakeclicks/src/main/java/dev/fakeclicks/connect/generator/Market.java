package dev.fakeclicks.connect.generator;

import java.util.List;

/** Countries the shop sells to, with what follows from each: locale, currency, tax, time zones, traffic share. */
public record Market(String country, String locale, int currency, double taxRate, List<String> timezones, double share,
                     List<String> regions) {

    /** Markets whose regions datafaker's locale data does not know (en-GB falls back to US states). */
    Market(String country, String locale, int currency, double taxRate, List<String> timezones, double share) {
        this(country, locale, currency, taxRate, timezones, share, List.of());
    }

    /** Shop currencies; prices are kept per currency so a cart is consistent in the currency it is shown in. */
    public static final List<String> CURRENCIES = List.of("USD", "GBP", "EUR", "CAD", "AUD", "PLN");
    /** Units of each currency per US dollar, for list prices. */
    static final double[] PER_USD = {1.0, 0.79, 0.92, 1.36, 1.52, 3.95};

    public static final List<Market> ALL = List.of(
            new Market("US", "en-US", 0, 0.0725,
                    List.of("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"), 0.40),
            new Market("GB", "en-GB", 1, 0.20, List.of("Europe/London"), 0.12,
                    List.of("England", "England", "England", "England", "Scotland", "Wales", "Northern Ireland")),
            new Market("DE", "de-DE", 2, 0.19, List.of("Europe/Berlin"), 0.11),
            new Market("FR", "fr-FR", 2, 0.20, List.of("Europe/Paris"), 0.08),
            new Market("ES", "es-ES", 2, 0.21, List.of("Europe/Madrid"), 0.05),
            new Market("IT", "it-IT", 2, 0.22, List.of("Europe/Rome"), 0.05),
            new Market("NL", "nl-NL", 2, 0.21, List.of("Europe/Amsterdam"), 0.04),
            new Market("CA", "en-CA", 3, 0.13, List.of("America/Toronto", "America/Vancouver"), 0.06),
            new Market("AU", "en-AU", 4, 0.10, List.of("Australia/Sydney", "Australia/Perth"), 0.06),
            new Market("PL", "pl-PL", 5, 0.23, List.of("Europe/Warsaw"), 0.03));

    public String currencyCode() {
        return CURRENCIES.get(currency);
    }
}
