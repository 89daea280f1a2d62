package io.hybridcache.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBeanServer under the names the JSR gives them:
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}, with the characters
 * an ObjectName value cannot hold ({@code , : = \n}) replaced by dots.
 */
final class JmxRegistration {
  enum Kind {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private JmxRegistration() {}

  static void register(HybridJCache<?, ?> cache, Object bean, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(cache, kind);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently: the same cache's bean is there
    } catch (JMException e) {
      throw new CacheException("could not register the " + kind.type + " MXBean " + name, e);
    }
  }

  static void unregister(HybridJCache<?, ?> cache, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(cache, kind);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to do
    } catch (JMException e) {
      throw new CacheException("could not unregister the " + kind.type + " MXBean " + name, e);
    }
  }

  static ObjectName objectName(HybridJCache<?, ?> cache, Kind kind) {
    String manager = cache.getCacheManager().getURI().toString();
    try {
      return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager=" + safe(manager) + ",Cache="
          + safe(cache.getName()));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cache name " + cache.getName() + " cannot be part of a JMX ObjectName", e);
    }
  }

  private static String safe(String s) {
    return s.replaceAll("[,:=\n]", ".");
  }
}
