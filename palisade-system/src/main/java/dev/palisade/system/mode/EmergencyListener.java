package dev.palisade.system.mode;

/**
 * What the service does when emergency support mode is entered, besides switching the engine:
 * end the active web session(s) and stop the running applications. Implemented by the management
 * service; each call must return promptly (start the stop, don't wait for it) and may be called
 * from any thread.
 */
public interface EmergencyListener {

    /** Does nothing: for tools and tests without a web interface or applications. */
    EmergencyListener NONE = new EmergencyListener() {
        @Override
        public void endSessions() {
        }

        @Override
        public void stopApplications() {
        }
    };

    /** Ends every active web and API session; the user has to log in again. */
    void endSessions();

    /** Initiates the stop of every running application. */
    void stopApplications();
}
