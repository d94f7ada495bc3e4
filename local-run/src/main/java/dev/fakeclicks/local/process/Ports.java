package dev.fakeclicks.local.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks before anything starts, so a clash is one clear message instead of a component's stack trace. */
public final class Ports {

    private Ports() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws ComponentFailure naming the component and the flag that moves it */
    public static void requireFree(int port, String component, String flag) {
        if (!isFree(port)) {
            throw new ComponentFailure(component, "cannot start: port " + port + " is already in use "
                    + "(stop what uses it, e.g. a previous run, or choose another port with " + flag + ")", null);
        }
    }
}
