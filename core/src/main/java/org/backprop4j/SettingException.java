package org.backprop4j;

/**
 * A setting has a value that cannot work (a bad learning rate, more validation examples than data). The
 * message names the setting by its Java name ({@code batchSize}); a front end that calls it something
 * else (the command line's {@code --batch-size}) asks for the message with its own name.
 */
public class SettingException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "{setting}";

    private final String setting;
    private final String template;

    /**
     * @param setting  the Java name of the setting, e.g. {@code eta}
     * @param template the message, with {@code {setting}} where the setting's name goes
     */
    public SettingException(String setting, String template) {
        super(template.replace(NAME, setting));
        this.setting = setting;
        this.template = template;
    }

    /** The Java name of the setting. */
    public String setting() { return setting; }

    /** The message with {@code {setting}} where the setting's name goes (to build a longer message on it). */
    public String template() { return template; }

    /** The message with the setting called {@code name}. */
    public String messageNaming(String name) { return template.replace(NAME, name); }
}
