// The browser half of LogViewer: keeps the log's scroll container at the end while the person follows it, tells
// the component when they scroll away (it then offers "Jump to latest") or back, and scrolls to the end on request.
// LogViewer (Razor) imports this module and calls attach(); the lines themselves are rendered by Blazor.

// A view this close to the end counts as at the end (sub-pixel rounding, zoom).
const endTolerancePx = 8;
const upwardKeys = new Set(["ArrowUp", "PageUp", "Home"]);

/**
 * Starts following the end of `element` (the scroll container).
 * @param {HTMLElement} element the element that scrolls.
 * @param {any} dotNet a DotNetObjectReference with OnFollowChanged(following).
 * @returns a handle: scrollToEnd() (and follow again), dispose().
 */
export function attach(element, dotNet) {
  const follower = new EndFollower(element, dotNet);
  return {
    scrollToEnd: () => follower.scrollToEnd(),
    dispose: () => follower.dispose(),
  };
}

/** The browser's time zone (IANA name such as Europe/Paris), in which the viewer shows timestamps. */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

class EndFollower {
  constructor(element, dotNet) {
    this.element = element;
    this.dotNet = dotNet;
    this.following = true;
    this.onScroll = () => this.setFollowing(this.isAtEnd());
    // A wheel or key upwards says "stop following" before the scroll event does, so a render that lands in between
    // does not pull the view back down.
    this.onWheel = (event) => {
      if (event.deltaY < 0 && this.canScroll()) {
        this.setFollowing(false);
      }
    };
    this.onKeyDown = (event) => {
      if (upwardKeys.has(event.key) && this.canScroll()) {
        this.setFollowing(false);
      }
    };
    element.addEventListener("scroll", this.onScroll, { passive: true });
    element.addEventListener("wheel", this.onWheel, { passive: true });
    element.addEventListener("keydown", this.onKeyDown);
    // New rows, a timestamp column or wrapping change the content's height: a following view stays at the end.
    this.observer = new MutationObserver(() => {
      if (this.following) {
        this.stickToEnd();
      }
    });
    this.observer.observe(element, { childList: true, subtree: true, characterData: true, attributes: true });
    this.stickToEnd();
  }

  canScroll() {
    return this.element.scrollHeight > this.element.clientHeight;
  }

  isAtEnd() {
    const { scrollHeight, scrollTop, clientHeight } = this.element;
    return scrollHeight - scrollTop - clientHeight <= endTolerancePx;
  }

  stickToEnd() {
    this.element.scrollTop = this.element.scrollHeight;
  }

  scrollToEnd() {
    this.stickToEnd();
    this.setFollowing(true);
  }

  setFollowing(following) {
    if (following === this.following) {
      return;
    }

    this.following = following;
    // The circuit may be gone (a closed tab); nothing to tell then.
    this.dotNet.invokeMethodAsync("OnFollowChanged", following).catch(() => {});
  }

  dispose() {
    this.observer.disconnect();
    this.element.removeEventListener("scroll", this.onScroll);
    this.element.removeEventListener("wheel", this.onWheel);
    this.element.removeEventListener("keydown", this.onKeyDown);
  }
}
